"""Public pages of partner cities."""

import hashlib
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.generic import DetailView, ListView

from core import maps, timeline
from core.cache import KeptCountPaginator, kept_between_changes, kept_markup
from core.registry import added_to

from .filters import PartnerCityFilter
from .models import City

GROUPINGS = ("country", "kind")
# A city with decades of exchanges has hundreds of activities: its page shows them in pages.
TIMELINE_PAGE_SIZE = 30


class CityListView(ListView):
    """``/<lang>/cities/``: partner cities grouped by country (``?group=kind``: by the kind of
    the partnership in force), filtered by kind and country, 60 a page."""

    template_name = "cities/city_list.html"
    context_object_name = "cities"
    paginate_by = 60
    paginator_class = KeptCountPaginator

    def get_queryset(self):
        self.grouping = self.request.GET.get("group")
        if self.grouping not in GROUPINGS:
            self.grouping = GROUPINGS[0]
        queryset = City.objects.public().partners().for_listing().order_by("country__name", "name")
        self.filterset = PartnerCityFilter(self.request.GET or None, queryset=queryset,
                                           request=self.request)
        return self.filterset.qs

    def _filters(self) -> str:
        """The filters' values as given (a query string, sorted, without grouping and page)."""
        return urlencode(sorted((name, self.request.GET.get(name, "")) for name in self.filterset.filters))

    def get_paginator(self, queryset, per_page, **kwargs):
        """The paginator, its count kept between changes per filters."""
        digest = hashlib.sha256(self._filters().encode()).hexdigest()[:32]
        return super().get_paginator(queryset, per_page, count_name=f"cities:{digest}", **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        query = self.request.GET.copy()
        query.pop("page", None)
        filters = self._filters()
        context.update(filter=self.filterset, grouping=self.grouping,
                       city_groups=_city_groups(context["page_obj"], self.grouping, filters, today),
                       query_string=query.urlencode(), today=today,
                       city_map=_city_map(self.filterset.qs, context["page_obj"], filters))
        return context


def _city_groups(page, grouping: str, filters: str, today) -> str:
    """The markup of ``page``'s cities (a page of the city list) in their groups
    (``cities/includes/city_groups.html``): by country, or by the kind of the partnership in
    force when ``grouping`` is ``"kind"``. Kept between changes (:func:`core.cache.kept_markup`)
    per ``filters`` (the filters' query string), grouping, page number and ``today`` (a date:
    a partnership's age changes with the day); only on a miss are the page's cities read."""
    def render(missing: list[int]) -> list[str]:
        entries = [city.partnership_summary(today) for city in page.object_list]
        if grouping == "kind":
            entries.sort(key=lambda e: (e.kind_order, str(e.city.name)))
            groups = _group(entries, lambda e: e.kind_label)
        else:
            groups = _group(entries, lambda e: e.city.country.name)
        return [render_to_string("cities/includes/city_groups.html",
                                 {"groups": groups, "grouping": grouping}).strip()]

    digest = hashlib.sha256(f"{filters}&group={grouping}&page={page.number}".encode()).hexdigest()[:32]
    return kept_markup([f"city-list:{digest}:{today.isoformat()}"], render)[0]


def _city_map(cities, page, filters: str) -> dict | None:
    """The map of ``cities`` (every city the filters chose, not only this ``page``'s: the page's
    own cities are reused when the list fits on one page, else one query fetches them, only
    what a marker shows), kept between changes per language and ``filters`` (the query string
    of the filters, a str): the base map's static path and size (:mod:`core.maps`) and one
    marker a city with coordinates, in the list's order (``markers_html``: the markers rendered
    by ``includes/city_map_markers.html``, once per change, not on every view; ``marker_count``),
    and how many have none; ``None`` when none has coordinates."""
    def compute() -> dict | None:
        one_page = page.paginator.num_pages == 1
        chosen = list(page.object_list if one_page else cities.for_map())
        markers = [{"url": city.get_absolute_url(), "label": f"{city.name} · {city.country.name}",
                    "x": f"{x:g}", "y": f"{y:g}"}
                   for city in chosen if city.latitude is not None
                   for x, y in [maps.project(city.longitude, city.latitude)]]
        if not markers:
            return None
        return {"markers_html": render_to_string("includes/city_map_markers.html", {"markers": markers}),
                "marker_count": len(markers), "image": maps.STATIC_PATH, "width": maps.WIDTH,
                "height": maps.HEIGHT, "unplaced": len(chosen) - len(markers)}
    digest = hashlib.sha256(filters.encode()).hexdigest()[:32]
    return kept_between_changes(f"city-map-markup:{digest}", compute)


def _group(entries, key) -> list[tuple[str, list]]:
    groups: list[tuple[str, list]] = []
    for entry in entries:
        label = key(entry)
        if groups and groups[-1][0] == label:
            groups[-1][1].append(entry)
        else:
            groups.append((label, [entry]))
    return groups


class CityDetailView(DetailView):
    """``/<lang>/cities/<slug>/``: one published city with its partnerships (history, age,
    anniversaries), the published activities involving it, newest first, ``TIMELINE_PAGE_SIZE``
    a page (``?page=``), and what the record apps above declare for it
    (:func:`core.registry.added_to` ``(City, "page_context")``: the gift register's gallery of
    the published gifts the city gave, never their value or custody, :mod:`gifts.views`)."""

    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return City.objects.public().with_public("country__parent", "partnerships__replaced_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        page = KeptCountPaginator(timeline.involving(self.object), TIMELINE_PAGE_SIZE,
                                  count_name=f"city:{self.object.pk}").get_page(
            self.request.GET.get("page"))
        context.update(
            today=today,
            partnerships=[(p, *p.milestones(today), p.age_on(today)) for p in self.object.partnerships.all()],
            timeline=timeline.rendered(page.object_list, with_photos=True),
            page_obj=page,
        )
        # What the record apps above add (the gift register: the gifts the city gave).
        for function in added_to(City, "page_context"):
            context.update(import_string(function)(self.object))
        return context
