"""Root URL configuration: the public site under a language prefix (``/zh-hant/``, ``/en/``),
the admin back office, open data, and uploaded files of public records (:mod:`core.media`).

``/`` redirects to the visitor's language: ``LocaleMiddleware`` reads ``Accept-Language``
(``zh-TW`` and ``zh-Hant`` give zh-hant; no match gives ``LANGUAGE_CODE``, zh-hant).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.media import serve_media

#: The server error page in the site's layout and the visitor's language (404s use Django's own
#: handler with ``templates/404.html``, which gets the request's context already).
handler500 = "pages.views.server_error"
#: A bad or missing parameter: a page saying what is wrong, in the visitor's language.
handler400 = "pages.views.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Django's set_language view (``i18n/setlang/``): the admin's language switch posts to it.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("opendata.urls")),
]

urlpatterns += i18n_patterns(
    path("cities/", include("cities.urls")),
    path("engagements/", include("visits.urls")),
    path("exhibitions/", include("exhibitions.urls")),
    path("figures/", include("reports.urls")),
    path("", include("pages.urls")),
    prefix_default_language=True,
)

if settings.MEDIA_URL.startswith("/"):
    # Uploaded files, only while their record is public (core.media), in development as in
    # production. (With object storage MEDIA_URL is the bucket's address: see the README.)
    urlpatterns.append(path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", serve_media, name="media"))
