"""Public pages that read several apps: the home page, the dated archive and the search."""

from __future__ import annotations

import datetime
import hashlib
import logging
import sys

from django.core.exceptions import BadRequest
from django.db.models import Count, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.generic import ListView, TemplateView

from cities.models import City, Partnership
from core import timeline
from core.cache import KeptCountPaginator, kept_between_changes, kept_markup
from core.concurrency import database_busy
from core.names import search_key
from exhibitions.models import Exhibition
from visits.models import Engagement, Person

from .filters import ActivityFilter

logger = logging.getLogger(__name__)

#: The page answered when even the site's error page cannot be drawn.
PLAIN_SERVER_ERROR = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Server error</title>'
                      "</head><body><main><h1>Server error (500)</h1></main></body></html>")
#: The page answered when a save could not wait for the database and the busy page cannot be drawn.
PLAIN_BUSY = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Busy</title></head>'
              "<body><main><h1>The database is busy (503)</h1><p>Nothing was saved: go back and save "
              "again in a moment.</p></main></body></html>")
#: Seconds a client is told to wait before trying again (``Retry-After``) after a busy database.
BUSY_RETRY_SECONDS = 5
PLAIN_BAD_REQUEST = ('<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">'
                     "<title>Bad request</title></head><body><main><h1>無法處理此請求 Bad request (400)</h1>"
                     "</main></body></html>")

HOME_LIST_LENGTH = 6
SEARCH_LIMIT = 30


class HomeView(TemplateView):
    """``/<lang>/``: recent and upcoming activities, this year's round partnership anniversaries
    (5th, 10th...; a city's page shows its own) and counts of what is published."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        partner_cities = City.objects.public().partners()
        recent, upcoming = timeline.recent_and_upcoming(today, HOME_LIST_LENGTH)
        return super().get_context_data(
            today=today, recent=recent, upcoming=upcoming,
            anniversaries=kept_markup([f"home-anniversaries:{today}"], lambda missing: [render_to_string(
                "includes/anniversaries.html",
                {"today": today, "anniversaries": round_anniversaries(today, partner_cities)}).strip()])[0],
            **kept_between_changes(f"home-counts:{today}", lambda: home_counts(partner_cities)),
            **kwargs,
        )


def round_anniversaries(today: datetime.date, partner_cities) -> QuerySet:
    """The partnerships in force on ``today`` (a date) with a round anniversary (5th, 10th...)
    in its year, of the QuerySet ``partner_cities``, by month and day of establishment: the
    home page's list (``includes/anniversaries.html``, kept between changes per day)."""
    return (Partnership.objects.public().active(today).with_round_anniversary_in(today.year)
            .filter(city__in=partner_cities).select_related("city__country")
            .order_by("established_on__month", "established_on__day", "pk"))


def home_counts(partner_cities) -> dict[str, int]:
    """The home page's counts: ``partner_city_count`` (the QuerySet ``partner_cities``),
    ``country_count`` (their countries: public, as the country of a public city is by
    :mod:`core.visibility`'s rule) and ``activity_count`` (published activities); counts of
    keys, not of ``DISTINCT`` whole rows, the first two in one query."""
    keys = City.objects.filter(pk__in=partner_cities.values("pk"))  # DISTINCT of one column
    counts = keys.aggregate(partner_city_count=Count("pk"), country_count=Count("country", distinct=True))
    counts["activity_count"] = sum(queryset.count() for queryset in timeline.published().values())
    return counts


class ActivityArchiveView(ListView):
    """``/<lang>/activities/`` and its year (``<yyyy>/``) and month (``<yyyy>/<mm>/``) pages:
    every published activity touching the period, newest first, filtered by kind, city and
    country, 20 a page. A year or month without records is a 404."""

    template_name = "activities/archive.html"
    paginate_by = 20
    paginator_class = KeptCountPaginator

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = kwargs.get("year")
        self.month = kwargs.get("month")
        self.years, self.months = timeline.periods()
        if self.month is not None:
            self.period: datetime.date | int | None = datetime.date(self.year, self.month, 1)
            if self.period not in self.months:
                raise Http404("no activities in this month")
        elif self.year is not None:
            if self.year not in self.years:
                raise Http404("no activities in this year")
            self.period = self.year
        else:
            self.period = None

    def _in_period(self, queryset):
        if self.month is not None:
            return queryset.in_month(self.year, self.month)
        if self.year is not None:
            return queryset.in_year(self.year)
        return queryset

    def get_queryset(self):
        self.filters = [
            ActivityFilter(self.request.GET or None, queryset=self._in_period(queryset),
                           request=self.request)
            for queryset in timeline.published().values()
        ]
        return timeline.rows(f.qs for f in self.filters)

    def get_paginator(self, queryset, per_page, **kwargs):
        """The paginator, its count kept between changes per period and filters."""
        query = self.request.GET.copy()
        query.pop("page", None)
        filters = hashlib.sha256(query.urlencode().encode()).hexdigest()[:32]
        return super().get_paginator(queryset, per_page, count_name=(
            f"activities:{self.year}:{self.month}:{filters}"), **kwargs)

    def _neighbours(self) -> tuple:
        if self.month is not None:
            sequence, current = self.months, self.period
        elif self.year is not None:
            sequence, current = self.years, self.year
        else:
            return None, None
        index = sequence.index(current)
        return (sequence[index - 1] if index > 0 else None,
                sequence[index + 1] if index + 1 < len(sequence) else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous, following = self._neighbours()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            activities=timeline.rendered(context["page_obj"].object_list),
            filter=self.filters[0], year=self.year, month=self.month, period=self.period,
            years=self.years,
            months_of_year=[m for m in self.months if m.year == self.year] if self.year else [],
            previous=previous, following=following, query_string=query.urlencode(),
        )
        return context


class SearchView(TemplateView):
    """``/<lang>/search/?q=``: published cities, people in published engagements, engagements and
    exhibitions whose names match ``q`` written any common way (see
    :func:`core.names.normalise_name`). At most 30 of each."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        context = super().get_context_data(query=query, **kwargs)
        if not query:
            return context
        results, count = search_results(query)
        context.update(results=results, result_count=count, limit=SEARCH_LIMIT)
        return context


def search_results(query: str) -> tuple[SafeString, int]:
    """The search page's results for ``query`` (a str, as typed): the markup of its sections
    (``includes/search_results.html``) in the active language and the number of records they
    list (an int). Kept between changes (:func:`core.cache.kept_between_changes`) under a
    digest of the folded query (:func:`core.names.search_key`, which is all that
    :meth:`core.models.SearchKeyQuerySet.matching` compares), so every spelling folded alike
    shares one copy and the name stays short. Four to six queries when computed, none when
    kept; a query that folds to nothing matches nothing."""
    def compute() -> tuple[str, int]:
        lists = {
            "cities": list(City.objects.public().matching(query)
                           .with_public("country__parent")[:SEARCH_LIMIT]),
            "people": list(Person.objects.public().matching(query)
                           .with_public("country__parent", "participations__engagement")[:SEARCH_LIMIT]),
            "engagements": Engagement.objects.public().for_titles().first_matching(query, SEARCH_LIMIT),
            "exhibitions": list(Exhibition.objects.public().matching(query).for_titles()[:SEARCH_LIMIT]),
        }
        return (render_to_string("includes/search_results.html", lists),
                sum(len(records) for records in lists.values()))

    digest = hashlib.blake2b(search_key(query).encode(), digest_size=16).hexdigest()
    markup, count = kept_between_changes(f"search:{digest}", compute)
    return mark_safe(markup), count


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the ``500.html`` page in the site's layout and the request's language
    (Django's own handler renders it without the request, so without the layout's context).
    If drawing it fails too, a plain HTML page; either way status 500.

    When the error is the database's refusal to wait longer for another save's lock
    (:func:`core.concurrency.database_busy`: SQLite's "database is locked" after its busy
    timeout, a lock or serialisation failure on PostgreSQL), wherever it surfaced (an admin
    save, an import, a middleware's write), the answer is ``503.html`` with status 503 and
    ``Retry-After``: the save was rolled back whole, and may be made again in a moment."""
    if database_busy(sys.exc_info()[1]):
        try:
            response = render(request, "503.html", status=503)
        except Exception:  # as for the 500 page: answer whatever broke
            logger.exception("The busy page could not be drawn")
            response = HttpResponse(PLAIN_BUSY, status=503)
        response["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error page must answer whatever broke the page before it
        logger.exception("The server error page could not be drawn")
        return HttpResponseServerError(PLAIN_SERVER_ERROR)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a page in the request's language saying what is wrong, status 400. A view
    that refuses a missing or bad parameter raises ``django.core.exceptions.BadRequest`` with a
    translated message, which the page shows; other 400s (``SuspiciousOperation``: a bad host,
    a hostile upload) say only that the request could not be read, as their messages are for
    the log. Under the admin the page is the admin's (its header, a link back), else the site's."""
    message = str(exception) if type(exception) is BadRequest else ""
    try:
        if request.path.startswith(reverse("admin:index")):
            from django.contrib import admin

            context = {**admin.site.each_context(request), "title": gettext("Bad request"),
                       "message": message}
            return render(request, "admin/400.html", context, status=400)
        return render(request, "400.html", {"message": message}, status=400)
    except Exception:  # e.g. a disallowed Host, which the layout's absolute links ask for again
        logger.warning("The bad request page could not be drawn", exc_info=True)
        return HttpResponseBadRequest(PLAIN_BAD_REQUEST)


def archive_month_redirect(request: HttpRequest, year: int, month: int) -> HttpResponsePermanentRedirect:
    """``/<lang>/activities/2025/9/`` → 301 to ``/<lang>/activities/2025/09/`` with the same query
    string (``year``, ``month``: ints from the path). A month written without its leading zero
    is how people type it; the archive has one address per month."""
    url = reverse("pages:activities-month", kwargs={"year": year, "month": month})
    if query := request.GET.urlencode():
        url = f"{url}?{query}"
    return HttpResponsePermanentRedirect(url)
