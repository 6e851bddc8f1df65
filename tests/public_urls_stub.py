"""TEST-ONLY stand-ins for the public pages' URL names, which the branch ``public`` provides:
``home``, ``cities:index``, ``cities:detail``, ``activities:index``, ``visits:detail`` and
``exhibitions:detail`` under the language prefixes, plus the real root URLs.

The open data links to those pages through ``get_absolute_url``. Once the public pages are
merged, delete this module and the ``public_urls`` fixture of the open-data tests.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from intl_affairs.urls import urlpatterns as root_urlpatterns


def stand_in(request: HttpRequest, **kwargs) -> HttpResponse:
    return HttpResponse("stand-in for a public page")


def _app(name: str, *patterns):
    return include((list(patterns), name))


urlpatterns = [
    *root_urlpatterns,
    *i18n_patterns(
        path("", stand_in, name="home"),
        path("cities/", _app("cities", path("", stand_in, name="index"),
                             path("<slug:slug>/", stand_in, name="detail"))),
        path("activities/", _app("activities", path("", stand_in, name="index"))),
        path("visits/", _app("visits", path("<slug:slug>/", stand_in, name="detail"))),
        path("exhibitions/", _app("exhibitions", path("<slug:slug>/", stand_in, name="detail"))),
    ),
]
