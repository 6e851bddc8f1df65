"""Uploaded files (photos, images and their thumbnails) served only while their record is public.

Every uploaded file belongs to a record (:class:`core.models.ThumbnailedImageModel`: its
``image`` and ``thumbnail``). :func:`serve_media` answers ``MEDIA_URL<name>`` in production as
in development: the file is sent when a record of the record apps currently holds it and
that record is public by the one rule of what the public may see (:mod:`core.visibility`,
``objects.public()``: a photo with its engagement, an item where a public record shows it), or
when the user is staff with the view permission of that model (the admin's previews). Anything
else is "not found" (404), the same answer as for a name no record holds, so a draft's photo
cannot be told from a missing one: a file of a draft, embargoed or unpublished record, an old
image a record no longer holds, a path with ``..``, a NUL or a backslash.

The bytes are sent by the web server where ``MEDIA_SENDFILE`` says so, and by Django otherwise:

- ``x-accel-redirect`` (nginx): the response carries ``X-Accel-Redirect:
  <MEDIA_SENDFILE_PREFIX><name>``, an ``internal`` location of nginx that aliases
  ``MEDIA_ROOT``;
- ``x-sendfile`` (Apache ``mod_xsendfile``, lighttpd): ``X-Sendfile: <absolute path>``;
- unset: a :class:`django.http.FileResponse` streamed from the storage (any storage, object
  storage included).

Responses say ``Cache-Control: no-cache`` (a shared cache keeps no copy it would go on serving
after the record is unpublished; it revalidates with ``If-Modified-Since``) for public files,
``private, no-store`` for staff-only ones.
"""

from __future__ import annotations

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Case, Q, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .models import ThumbnailedImageModel
from .registry import record_models
from .visibility import public_condition

#: Longest file name looked up (Django's ``FileField`` stores at most 100 characters by default).
MAX_NAME_LENGTH = 255


def checked_name(path: str) -> str:
    """``path`` (the part of the URL after ``MEDIA_URL``) as a storage name, or ``Http404`` when
    it cannot be one that uploads are stored under: empty, too long, absolute, with ``.`` or
    ``..`` segments, a backslash or a control character."""
    if (not path or len(path) > MAX_NAME_LENGTH or path.startswith("/") or "\\" in path
            or any(ord(char) < 32 or ord(char) == 127 for char in path)
            or posixpath.normpath(path) != path or any(part in ("", ".", "..") for part in path.split("/"))):
        raise Http404("not an uploaded file's name")
    return path


def file_models() -> list[type[ThumbnailedImageModel]]:
    """The record models that hold uploaded files (subclasses of
    :class:`core.models.ThumbnailedImageModel`)."""
    return [model for model in record_models() if issubclass(model, ThumbnailedImageModel)]


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    """The file fields (images included) of ``model``."""
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def find_holder(name: str) -> tuple[type[ThumbnailedImageModel], bool] | None:
    """Which record model holds the stored file ``name`` now, and whether one of its records
    holding it has public files: ``(model, public)``, a model with a public holder first (in
    :func:`file_models` order), else the first model holding it; ``None`` when no record holds
    it. One query: a ``UNION ALL`` over the models' file columns (each indexed), every
    holder's publicity (:mod:`core.visibility`) worked out in the same query."""
    models_ = file_models()
    parts = []
    for number, model in enumerate(models_):
        holds = Q(pk__in=[])
        for field in file_fields(model):
            holds |= Q(**{field.name: name})
        parts.append(model._base_manager.filter(holds).order_by().annotate(
            model_number=Value(number, output_field=models.IntegerField()),
            public=Case(When(public_condition(model), then=Value(True)), default=Value(False),
                        output_field=models.BooleanField()),
        ).values_list("model_number", "public"))
    found = set(parts[0].union(*parts[1:], all=True))
    if not found:
        return None
    public_models = sorted(number for number, public in found if public)
    if public_models:
        return models_[public_models[0]], True
    return models_[min(number for number, _public in found)], False


def may_view(user, model: type[models.Model]) -> bool:
    """True when ``user`` is active staff holding ``<app>.view_<model>`` (or change)."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
               for action in ("view", "change"))


def send(request: HttpRequest, name: str, *, public: bool) -> HttpResponse:
    """The response for the stored file ``name``, sent as ``MEDIA_SENDFILE`` says (see the
    module's docstring); ``Http404`` when the storage has no such file. A conditional GET whose
    ``If-Modified-Since`` is not older than the file is answered 304."""
    try:
        modified = default_storage.get_modified_time(name)
    except (FileNotFoundError, NotImplementedError, SuspiciousFileOperation, OSError):
        modified = None
    if modified is not None and not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"),
                                                       modified.timestamp()):
        response = HttpResponseNotModified()
    else:
        response = _body(name)
    content_type, _encoding = mimetypes.guess_type(name)
    response["Content-Type"] = content_type or "application/octet-stream"
    response["Cache-Control"] = "no-cache" if public else "private, no-store"
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


def _body(name: str) -> HttpResponse:
    mode = settings.MEDIA_SENDFILE
    if mode == "x-accel-redirect":
        response = HttpResponse()
        response["X-Accel-Redirect"] = settings.MEDIA_SENDFILE_PREFIX + quote(name)
        return response
    if mode == "x-sendfile":
        try:
            path = default_storage.path(name)
        except NotImplementedError:  # not stored on this machine's disk: Django sends it
            path = None
        if path is not None:
            if not default_storage.exists(name):
                raise Http404("no such file")
            response = HttpResponse()
            response["X-Sendfile"] = path
            return response
    try:
        return FileResponse(default_storage.open(name, "rb"))
    except (FileNotFoundError, SuspiciousFileOperation, OSError):
        raise Http404("no such file") from None


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """``GET``/``HEAD`` ``MEDIA_URL<path>``: the uploaded file ``path`` when its record's files
    are public, or for staff who may view its model; 404 otherwise (see the module's
    docstring)."""
    name = checked_name(path)
    holder = find_holder(name)
    if holder is None:
        raise Http404("no record holds this file")
    model, public = holder
    if not public and not may_view(request.user, model):
        raise Http404("no record holds this file")
    return send(request, name, public=public)
