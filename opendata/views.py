"""Views of the open data: thin wrappers that turn the records into responses.

The CSV and JSON files may be read by any web page (``Access-Control-Allow-Origin: *``): they
hold only what the public pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from . import records
from .ical import build_calendar

DATASETS: dict[str, tuple[Callable[[str], Iterator[records.Record]], list]] = {
    "partnerships": (records.partnership_records, records.PARTNERSHIP_COLUMNS),
    "activities": (records.activity_records, records.ACTIVITY_COLUMNS),
}


def _base_url(request: HttpRequest) -> str:
    """Scheme and host of the request, without a trailing slash (``https://example.org``)."""
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def dataset_csv(request: HttpRequest, dataset: str) -> StreamingHttpResponse:
    """Stream ``dataset`` (a key of :data:`DATASETS`) as a CSV file, UTF-8 with BOM."""
    build, columns = DATASETS[dataset]
    return StreamingHttpResponse(
        records.csv_lines(build(_base_url(request)), columns), content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{dataset}.csv"',
                 "Access-Control-Allow-Origin": "*"},
    )


@require_safe
def dataset_json(request: HttpRequest, dataset: str) -> JsonResponse:
    """``dataset`` (a key of :data:`DATASETS`) as a JSON document (shape in
    :mod:`opendata.records`), UTF-8, non-ASCII characters as they are."""
    build, _ = DATASETS[dataset]
    document = records.document(dataset, build(_base_url(request)), request.build_absolute_uri())
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False},
                        headers={"Access-Control-Allow-Origin": "*"})


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """The iCalendar feed (:mod:`opendata.ical`) in ``?lang=`` (a code of
    ``settings.LANGUAGES``; default ``settings.LANGUAGE_CODE``). An unknown ``lang`` is a 400
    that names the codes accepted."""
    codes = [code for code, _ in settings.LANGUAGES]
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in codes:
        raise BadRequest(gettext("The language “%(value)s” is not offered: use lang=%(codes)s.") % {
            "value": language, "codes": " / ".join(codes)})
    body = build_calendar(language, _base_url(request), request.get_host().rsplit(":", 1)[0])
    return HttpResponse(body, content_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'inline; filename="calendar.ics"'})
