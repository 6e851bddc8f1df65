"""Open-data routes, outside the language prefixes: their content holds both languages (or
takes ``?lang=``), and their addresses are published and must not move."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from . import views
from .sitemaps import sitemaps

app_name = "opendata"

urlpatterns = [
    path("open-data/partnerships.csv", views.dataset_csv, {"dataset": "partnerships"},
         name="partnerships-csv"),
    path("open-data/partnerships.json", views.dataset_json, {"dataset": "partnerships"},
         name="partnerships-json"),
    path("open-data/activities.csv", views.dataset_csv, {"dataset": "activities"},
         name="activities-csv"),
    path("open-data/activities.json", views.dataset_json, {"dataset": "activities"},
         name="activities-json"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
         name="robots"),
]
