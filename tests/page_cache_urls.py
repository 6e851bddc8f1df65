"""Stand-in public pages for the page-cache tests: the published cities, in the active language,
and a slow page that counts its renderings (to see a stampede)."""

import threading
import time

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cities.models import City


def published_cities(request):
    return HttpResponse(", ".join(city.name for city in City.objects.published().order_by("slug")))


class SlowPage:
    """A page that takes ``seconds`` to render and says ``text``; ``renderings`` counts them."""

    def __init__(self) -> None:
        self.text, self.seconds, self.renderings = "first", 0.3, 0
        self._lock = threading.Lock()

    def __call__(self, request):
        with self._lock:
            self.renderings += 1
        text = self.text
        time.sleep(self.seconds)
        return HttpResponse(text)


slow_page = SlowPage()
# A page that may never be stored (as the admin's, forms with a CSRF cookie): counts renderings.
uncacheable_page = SlowPage()

urlpatterns = [path("cities/", published_cities), path("slow/", slow_page),
               path("uncacheable/", never_cache(uncacheable_page)), path("admin/", admin.site.urls)]
