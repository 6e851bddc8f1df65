"""A stand-in public page for the page-cache tests: the published cities, in the active language."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from cities.models import City


def published_cities(request):
    return HttpResponse(", ".join(city.name for city in City.objects.published().order_by("slug")))


urlpatterns = [path("cities/", published_cities), path("admin/", admin.site.urls)]
