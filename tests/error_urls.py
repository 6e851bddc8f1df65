"""A URL configuration for the error-page tests: the site's, plus ``/<lang>/fail/``, a page that
raises, to reach the server error page."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from intl_affairs.urls import handler400, handler500
from intl_affairs.urls import urlpatterns as site_urlpatterns


def fail(request):
    """Raise, as a bug in a view would."""
    raise RuntimeError("a fault the error-page tests cause on purpose")


urlpatterns = site_urlpatterns + i18n_patterns(path("fail/", fail))

__all__ = ["handler400", "handler500", "urlpatterns"]


def failing_context_processor(request):
    """A context processor that fails, as one reading a database that is down would."""
    raise RuntimeError("a context processor the error-page tests break on purpose")
