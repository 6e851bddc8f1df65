"""The product's URLs plus ``/bench/baseline/``: the cheapest Django view, the yardstick that
public pages are compared with in the same server and the same run. Not part of the product."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from intl_affairs.urls import urlpatterns as product_urlpatterns


@never_cache  # measured as Django's floor, never from the page cache
def baseline(request):
    return HttpResponse(b"ok", content_type="text/plain")


# The product's patterns are added, not include()d: i18n_patterns() only works at the root.
urlpatterns = [path("bench/baseline/", baseline, name="bench-baseline"), *product_urlpatterns]
