"""The public pages that span the record apps, mounted at the root of each language prefix:
``/<lang>/`` (home), ``/<lang>/activities/`` with ``<yyyy>/`` and ``<yyyy>/<mm>/`` (the dated
archive) and ``/<lang>/search/``."""

from django.urls import path, register_converter

from . import views
from .converters import MonthConverter, ShortMonthConverter, YearConverter

register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")
register_converter(ShortMonthConverter, "m")

app_name = "pages"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("activities/", views.ActivityArchiveView.as_view(), name="activities"),
    path("activities/<yyyy:year>/", views.ActivityArchiveView.as_view(), name="activities-year"),
    path("activities/<yyyy:year>/<mm:month>/", views.ActivityArchiveView.as_view(),
         name="activities-month"),
    path("activities/<yyyy:year>/<m:month>/", views.archive_month_redirect),
    path("search/", views.SearchView.as_view(), name="search"),
]
