"""A whole-page cache for the public site, per language, refreshed after every committed change.

On wherever ``PUBLIC_PAGE_CACHE_SECONDS`` is above 0 (the default, 300): in Redis when
``CACHE_URL`` / ``REDIS_URL`` is set, otherwise in Django's database cache, a table of the
site's own database (``core_page_cache``, made by the migration ``core.0002``). Both are shared
by every worker process and every app server, so a change saved through one process is seen by
all (a per-process or per-machine cache could not be invalidated by a save made elsewhere).

Rules, so that a draft is never served and a reader never stores an old page as current:

- Only anonymous ``GET`` requests are answered from the cache (a request carrying a session
  cookie, i.e. staff, always reaches the view), and only ``200`` responses that set no cookie,
  do not vary on cookies and are not marked ``private``, ``no-cache`` or ``no-store`` are stored
  (so the admin, forms with a CSRF token and ``never_cache`` views are never cached).
- A page is stored with the *version* and *epoch* that were current when its rendering began,
  and is served as current only while both are. Any save, delete or many-to-many change of a record of
  a record app (:func:`core.registry.record_app_labels`; signals connected in ``CoreConfig``),
  and bulk writes that call :func:`invalidate_public_pages`, replace the version **after the
  transaction commits** (``transaction.on_commit``). So a reader that read the new version
  started after the commit and sees the committed records; a reader rendering while the save is
  open read the old version, and its page is stale as soon as it is stored.
- A change writes the epoch (if it replaces it) before the version, each in one write, and a
  reader reads both in one read: a reader between the two writes sees the old version with the
  new epoch, under which no copy from before the change is current or servable stale (checking
  the version alone, a reader that saw the new version beside the old epoch was served a copy
  from before an unpublish). Two changes at once each write only what they replace, so a
  withdrawal's new epoch is never written back by a publish.
- Versions are random, not counters: if the cache loses one, a new one cannot coincide with
  the version of pages stored before.
- No stampede: after a change, the first request for a page takes a short render lock
  (``cache.add``, ``PUBLIC_PAGE_RENDER_LOCK_SECONDS``) and renders it; meanwhile the others are
  answered with the page's previous copy (``X-Page-Cache: stale``), for at most as long as the
  lock lives. A change that takes something off the public site (an unpublish, a delete, a save
  of a record that is not public, a removed link; :func:`invalidate_public_pages` by default)
  also replaces the *epoch*: copies from an older epoch are never served, and the other requests
  wait up to the lock's lifetime for the fresh copy instead (then render it themselves).
- :func:`invalidation_deferred` collects the invalidations of a bulk operation (an import) into
  one at its end.
- :func:`kept_between_changes` keeps data that changes only when records do (the archive's
  periods, filter options, counts), :func:`kept_markup` the rendered rows of lists (a
  timeline's activities) and :class:`KeptArticleMixin` the article of a record's page (an
  engagement's, an exhibition's), under the same version and epoch, so they are recomputed
  after the same commits; ``PUBLIC_DATA_CACHE_SECONDS`` (default 300, 0 off) bounds it, for embargoes ending.

An embargo (``publish_from``) that ends appears after at most ``PUBLIC_PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import contextvars
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import cc_delim_re
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .registry import record_app_labels

VERSION_KEY = "public-pages:version"
EPOCH_KEY = "public-pages:epoch"
# How often a request waiting for another worker's rendering looks for the result (seconds).
WAIT_POLL_SECONDS = 0.05
_UNCACHEABLE = {"private", "no-cache", "no-store"}
# Signals' many-to-many actions that take a link away, and those that change anything.
_M2M_WITHDRAWING = {"post_remove", "post_clear"}
_M2M_CHANGING = _M2M_WITHDRAWING | {"post_add"}


T = TypeVar("T")


def is_enabled() -> bool:
    """True when public pages are cached (``PUBLIC_PAGE_CACHE_SECONDS`` above 0)."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0) > 0


def data_cache_seconds() -> int:
    """How long :func:`kept_between_changes` keeps a value at most (``PUBLIC_DATA_CACHE_SECONDS``;
    0: not at all)."""
    return getattr(settings, "PUBLIC_DATA_CACHE_SECONDS", 0)


def _invalidating() -> bool:
    """True when changes must replace the version: pages or data are cached."""
    return is_enabled() or data_cache_seconds() > 0


# The (version, epoch) the current request's page is rendered under, set by the middleware, so
# that data kept between changes is read under the same state without another round trip.
_request_state: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "public_pages_request_state", default=None)


def kept_between_changes(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache until the next committed change of a record (the
    version of the page cache) or ``PUBLIC_DATA_CACHE_SECONDS``, per language.

    ``name`` (str): what the value is, with every parameter it depends on (``"periods"``,
    ``"archive-count:2022:kind=reception"``); at most 200 characters. ``compute`` returns a
    picklable value computed from published records only. Same rule as pages: the version is
    read before computing, so a value computed during a save is stale once it commits; a value
    computed inside a transaction is not kept (it may read writes that roll back). Costs one
    cache round trip (two outside a cached request); computes every time when the data cache
    is off."""
    return _kept([name], lambda missing: [compute()])[0]


def kept_markup(names: Sequence[str], render: Callable[[list[int]], list[str]]) -> list[SafeString]:
    """The markup of the rows of a list (a timeline page, a gallery), each row kept between
    changes as :func:`kept_between_changes` keeps a value, so that a row rendered once is
    reused by every page and language variant that lists it until a record changes.

    ``names`` (str each): one per row, naming it with everything its markup depends on besides
    the language (``"activity:visits.engagement:12:photos"``). ``render(indices)`` gets the
    indices (ints, ascending) of the rows not kept under the current version and returns their
    markup (str each, in that order), from published records only. Returns the markup of every
    row in the order of ``names``, marked safe (the templates escaped it when rendering). One
    cache round trip for all rows, one more to store the rendered ones."""
    return [mark_safe(markup) for markup in _kept(names, render)]


def _kept(names: Sequence[str], compute: Callable[[list[int]], list]) -> list:
    """The values named ``names`` kept under the current version and epoch; ``compute`` is
    called once with the indices of those missing or stale and returns their values."""
    seconds = data_cache_seconds()
    if seconds <= 0 or transaction.get_connection().in_atomic_block:
        return compute(list(range(len(names))))
    language = get_language()
    keys = [f"public-data:{language}:{name}" for name in names]
    state = _request_state.get()
    found = cache.get_many(keys if state is not None else [VERSION_KEY, EPOCH_KEY, *keys])
    if state is None:
        state = _complete(found.get(VERSION_KEY), found.get(EPOCH_KEY))
    values, missing = [], []
    for index, key in enumerate(keys):
        stored = found.get(key)
        if stored is not None and tuple(stored[:2]) == state:
            values.append(stored[2])
        else:
            values.append(None)
            missing.append(index)
    if missing:
        for index, value in zip(missing, compute(missing), strict=True):
            values[index] = value
        cache.set_many({keys[index]: (*state, values[index]) for index in missing}, seconds)
    return values


def _complete(version: str | None, epoch: str | None) -> tuple[str, str]:
    """Fill in a version or epoch the cache has lost (evicted, culled), with ``add`` so that
    processes doing it at once agree. A copy is current only under the version it was rendered
    with, so a new version makes every copy stale, and a new epoch keeps every earlier copy
    from being served stale; neither can serve a page older than the last invalidation."""
    missing = {key: uuid.uuid4().hex for key, value in ((VERSION_KEY, version), (EPOCH_KEY, epoch))
               if value is None}
    if not missing:
        return version, epoch
    for key, value in missing.items():
        cache.add(key, value, timeout=None)
    found = cache.get_many([VERSION_KEY, EPOCH_KEY])
    return found[VERSION_KEY], found[EPOCH_KEY]


@dataclass
class _Pending:
    """Invalidations requested and not yet done: ``requested`` once any was, ``withdrawn`` if
    any of them took something off the public site."""

    withdrawn: bool = False
    requested: bool = False
    done: bool = False

    def __call__(self) -> None:
        self.done = True
        _invalidate_now(self.withdrawn)


_deferred: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar(
    "public_pages_deferred", default=None)


def _invalidate_now(withdrawn: bool) -> None:
    # Two writes in this order, not one set_many: the database cache writes each key in its own
    # transaction, in no promised order (see the module docstring).
    if withdrawn:
        cache.set(EPOCH_KEY, uuid.uuid4().hex, timeout=None)
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_public_pages(withdrawn: bool = True) -> None:
    """Make every cached public page stale once the current transaction commits (at once
    outside a transaction; never if it rolls back). Saves, deletes and link changes of record
    apps call it through signals; call it after writes that bypass ``save()``
    (``QuerySet.update()``, ``bulk_create()``, ``bulk_update()``).

    ``withdrawn`` (bool): the change may have taken something off the public site (the
    default, the safe choice): no copy rendered before it is served again. Pass ``False`` only
    for changes that add or publish, after which the previous copy may be served while the new
    one is rendered. Several calls in one transaction, or within :func:`invalidation_deferred`,
    invalidate once.
    """
    if not _invalidating():
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred.requested = True
        deferred.withdrawn |= withdrawn
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _invalidate_now(withdrawn)
        return
    # One invalidation per transaction: reuse the callback already waiting for this commit
    # (Django drops it from run_on_commit when its savepoint rolls back).
    pending = getattr(connection, "_public_pages_pending", None)
    if pending is not None and not pending.done and any(
            entry[1] is pending for entry in connection.run_on_commit):
        pending.withdrawn |= withdrawn
        return
    pending = _Pending(withdrawn)
    connection._public_pages_pending = pending
    transaction.on_commit(pending)


@contextmanager
def invalidation_deferred() -> Iterator[None]:
    """Within the block, invalidations of the public pages (signals, explicit calls) are only
    collected; when it ends (also by an exception: a rolled-back import changed nothing, and an
    extra invalidation is harmless) one invalidation is made, after the commit of the
    transaction around the block if there is one. For bulk operations: an import of 20,000 rows
    invalidates once, not 20,000 times. Nested blocks invalidate at the end of the outermost.

    Yields None. Example::

        with invalidation_deferred(), transaction.atomic():
            ...  # many saves
    """
    if _deferred.get() is not None:
        yield
        return
    pending = _Pending()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
        if pending.requested:
            invalidate_public_pages(withdrawn=pending.withdrawn)


def invalidate_for_public_record(sender, **kwargs) -> None:
    """Signal receiver (``post_save``, ``post_delete``, ``m2m_changed``): invalidate when
    ``sender`` is a model of a record app (:func:`core.registry.record_app_labels`). A delete, a
    removed link, or a save that leaves the record not public (a draft, an embargo) withdraws;
    a save of a public record or an added link does not."""
    if "action" in kwargs and kwargs["action"] not in _M2M_CHANGING:
        return
    if sender._meta.app_label not in record_app_labels():
        return
    if "action" in kwargs:
        withdrawn = kwargs["action"] in _M2M_WITHDRAWING
    elif "created" in kwargs:  # post_save
        withdrawn = not getattr(kwargs["instance"], "is_public", True)
    else:  # post_delete
        withdrawn = True
    invalidate_public_pages(withdrawn=withdrawn)


class KeptCountPaginator(Paginator):
    """A :class:`~django.core.paginator.Paginator` whose ``count`` is
    :func:`kept_between_changes` under ``count_name`` (a str naming the list and every filter
    of it, e.g. the request's path and query without ``page``): counting a ``UNION`` of every
    published activity costs a scan of them, which a list's next pages need not repeat."""

    def __init__(self, object_list, per_page, *, count_name: str, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self) -> int:
        """The number of objects in the list (int), kept between changes."""
        return kept_between_changes(f"count:{self.count_name}", lambda: Paginator.count.func(self))


class KeptArticleMixin:
    """A ``DetailView`` mixin for a record's public page whose article (what the page shows of
    the record and of its relations) depends only on the record, its public relations and the
    language. The record is read by :meth:`article_queryset` without its prefetched relations
    (for the 404, the title and the breadcrumbs); the article, ``article_template_name``
    rendered with :meth:`get_article_context`, is kept between changes (:func:`kept_markup`,
    under ``article:<model label>:<pk>``), and only when it is not kept are the relations
    prefetched onto the record and the article rendered: the first view after a change runs
    as many queries as reading everything at once, the next ones read only the record. Adds
    ``article`` (a SafeString) to the context."""

    article_template_name = ""

    def article_queryset(self) -> QuerySet:
        """The public records of the view's model with every relation the article shows."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        """:meth:`article_queryset` without its prefetches (its joined relations stay)."""
        return self.article_queryset().prefetch_related(None)

    def get_article_context(self, record) -> dict:
        """The article template's context for ``record`` (its relations prefetched): the record
        under the view's context object name."""
        return {self.get_context_object_name(record): record}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object

        def render(missing: list[int]) -> list[str]:
            # The prefetches get_queryset() left out (QuerySet keeps them in this attribute).
            prefetch_related_objects([record], *self.article_queryset()._prefetch_related_lookups)
            return [render_to_string(self.article_template_name, self.get_article_context(record),
                                     request=self.request).strip()]

        context["article"] = kept_markup([f"article:{record._meta.label_lower}:{record.pk}"], render)[0]
        return context


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {d.split("=")[0].strip().lower()
                  for d in cc_delim_re.split(response.get("Cache-Control", "")) if d}
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return not (directives & _UNCACHEABLE) and "cookie" not in vary


def _marked(response: HttpResponse, state: str) -> HttpResponse:
    response["X-Page-Cache"] = state
    return response


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests from the cache, keyed by language, host and full path
    (query string included); see the module docstring for versions, epochs and the render lock.
    Put it after ``LocaleMiddleware``. Adds ``X-Page-Cache: hit``, ``stale`` or ``miss`` to the
    responses it considers. Not used when :func:`is_enabled` is false.

    A hit costs one cache round trip (``get_many`` of the version, the epoch and the page)."""

    def __init__(self, get_response):
        if not is_enabled():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        self.lock_seconds = getattr(settings, "PUBLIC_PAGE_RENDER_LOCK_SECONDS", 5)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        key = f"public-page:{get_language()}:{request.get_host()}:{request.get_full_path()}"
        found = cache.get_many([VERSION_KEY, EPOCH_KEY, key])
        version, epoch = _complete(found.get(VERSION_KEY), found.get(EPOCH_KEY))
        copy = found.get(key)  # (version, epoch, response) of the stored copy, or None
        if copy is not None and (copy[0], copy[1]) == (version, epoch):
            if copy[2] is None:  # this page answered uncacheable under this version: no lock
                return self._render(request, key, version, epoch, store=False)
            return _marked(copy[2], "hit")
        lock = f"{key}:rendering"
        # The database cache keeps expiry times to the whole second, so a lock of 1 s could end
        # at once; one second more keeps it for at least lock_seconds on every backend (waiting
        # readers still give up after lock_seconds).
        if not cache.add(lock, True, self.lock_seconds + 1):
            if copy is not None and copy[1] == epoch:
                return _marked(copy[2], "stale")
            fresh = self._wait_for(key, lock)
            if fresh is not None:
                return _marked(fresh, "hit")
        try:
            return self._render(request, key, version, epoch, store=True)
        finally:
            cache.delete(lock)

    def _render(self, request: HttpRequest, key: str, version: str, epoch: str, *,
                store: bool) -> HttpResponse:
        """The view's response, rendered under ``version`` and ``epoch``; with ``store``, kept
        under ``key`` if storable, and an answer of 200 that may not be stored (``never_cache``,
        a cookie) remembered as such under this version, so that the next requests for it are
        rendered at once instead of taking the render lock (writes on the database cache) and
        waiting for each other's rendering, which no copy would ever end."""
        token = _request_state.set((version, epoch))
        try:
            response = self.get_response(request)
        finally:
            _request_state.reset(token)
        if store and _storable(response):
            cache.set(key, (version, epoch, response), self.timeout)
            _marked(response, "miss")
        elif store and response.status_code == 200:
            cache.set(key, (version, epoch, None), self.timeout)
        return response

    def _wait_for(self, key: str, lock: str) -> HttpResponse | None:
        """Wait, for at most the lock's lifetime, while another worker renders the page; its
        copy if it is current when the lock is released, else None (render it here)."""
        deadline = time.monotonic() + self.lock_seconds
        while time.monotonic() < deadline:
            time.sleep(WAIT_POLL_SECONDS)
            found = cache.get_many([VERSION_KEY, EPOCH_KEY, key, lock])
            copy = found.get(key)
            if copy is not None and (copy[0], copy[1]) == (found.get(VERSION_KEY), found.get(EPOCH_KEY)):
                return copy[2]
            if lock not in found:
                return None
        return None
