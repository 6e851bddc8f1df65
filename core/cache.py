"""A whole-page cache for the public site, per language, emptied whenever a record changes.

On only where a shared cache is configured (``CACHE_URL`` / ``REDIS_URL``, see settings): then
``PUBLIC_PAGE_CACHE_SECONDS`` is above 0 and :class:`PublicPageCacheMiddleware` is active.

Rules, so that a draft is never served:
- Only anonymous ``GET`` requests are answered from the cache (a request carrying a session
  cookie, i.e. staff, always reaches the view), and only ``200`` responses that set no cookie,
  do not vary on cookies and are not marked ``private``, ``no-cache`` or ``no-store`` are stored
  (so the admin, forms with a CSRF token and ``never_cache`` views are never cached).
- Every key contains a version; any save, delete or many-to-many change of a record of a record
  app (:func:`core.registry.record_apps`; signals connected in ``CoreConfig``),
  and bulk writes that call :func:`invalidate_public_pages` (the admin's publish/unpublish
  actions), replace the version, so every page rendered before the change is unreachable. A
  page being rendered while a record changes is stored under the version read before the change,
  which is already unreachable.
- The version is random, not a counter: if the cache loses it, a new one cannot coincide with
  the version of pages stored before.

An embargo (``publish_from``) that ends appears after at most ``PUBLIC_PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from .registry import record_app_labels

VERSION_KEY = "public-pages:version"
_UNCACHEABLE = {"private", "no-cache", "no-store"}


def is_enabled() -> bool:
    """True when public pages are cached (``PUBLIC_PAGE_CACHE_SECONDS`` above 0)."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0) > 0


def current_version() -> str:
    """The version that keys of cached pages carry now (a hex string), created if missing."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate_public_pages(**_signal_kwargs) -> None:
    """Make every cached public page unreachable. Call it after writes that bypass ``save()``
    (``QuerySet.update()``, ``bulk_create()``); saves and deletes call it through signals."""
    if is_enabled():
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_for_public_record(sender, **kwargs) -> None:
    """Signal receiver: invalidate when ``sender`` is a model of a record app
    (:func:`core.registry.record_app_labels`)."""
    if sender._meta.app_label in record_app_labels():
        invalidate_public_pages()


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {d.split("=")[0].strip().lower()
                  for d in cc_delim_re.split(response.get("Cache-Control", "")) if d}
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return not (directives & _UNCACHEABLE) and "cookie" not in vary


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests from the cache, keyed by version, language, host and full
    path (query string included). Put it after ``LocaleMiddleware``. Adds ``X-Page-Cache: hit``
    or ``miss`` to the responses it considers. Not used when :func:`is_enabled` is false."""

    def __init__(self, get_response):
        if not is_enabled():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        key = (f"public-page:{current_version()}:{get_language()}:{request.get_host()}:"
               f"{request.get_full_path()}")
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            cache.set(key, response, self.timeout)
            response["X-Page-Cache"] = "miss"
        return response
