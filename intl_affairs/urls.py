"""Root URL configuration: the public site under a language prefix (``/zh-hant/``, ``/en/``),
the admin back office, open data, and media files in development.

``/`` redirects to the visitor's language: ``LocaleMiddleware`` reads ``Accept-Language``
(``zh-TW`` and ``zh-Hant`` give zh-hant; no match gives ``LANGUAGE_CODE``, zh-hant).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from . import views
from .converters import MonthConverter, YearConverter

register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

activity_patterns = ([
    path("", views.ActivityArchiveView.as_view(), name="index"),
    path("<yyyy:year>/", views.ActivityArchiveView.as_view(), name="year"),
    path("<yyyy:year>/<mm:month>/", views.ActivityArchiveView.as_view(), name="month"),
], "activities")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("intl_affairs.opendata.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("cities/", include("cities.urls")),
    path("activities/", include(activity_patterns)),
    path("engagements/", include("visits.urls")),
    path("exhibitions/", include("exhibitions.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
