"""Bar charts drawn on the server as SVG (pygal), each with the data table that carries the same
figures for screen readers and for anyone who wants the numbers.

A :class:`Chart` holds labelled categories and one or more :class:`Series` of counts; the
template ``includes/chart.html`` shows it as a ``<figure>``: the SVG (``role="img"``, named by
the chart's title) followed by its ``<table>``. The SVG needs no JavaScript and stays within the
Content Security Policy: pygal always writes a ``<script>`` with its configuration (for its
optional tooltips), and :meth:`Chart.svg` removes it; the SVG's own ``<style>`` is allowed by
``style-src 'unsafe-inline'``. Colours are dark enough against white for text (4.5:1) and
differ from each other; the table holds every value, so nothing is told by colour alone.

Labels are given already formatted for the active language (ROC years in Chinese, e.g.
``111年下半年``: :mod:`core.dates`); this module formats nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.etree import etree
from pygal.style import Style

# Series colours: each has at least 4.5:1 contrast against white (WCAG 1.4.3 and 1.4.11), and
# they differ in lightness as well as hue.
COLOURS = ("#0b3d6b", "#b35900", "#2e7d32", "#6a1b9a", "#5a6472", "#ad1457")
FONT = ('-apple-system, "Segoe UI", Roboto, Arial, "Liberation Sans", "Noto Sans TC", '
        '"Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", sans-serif')
STYLE = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#1b2430",
    foreground_strong="#1b2430", foreground_subtle="#5a6472", opacity="1", opacity_hover="1",
    colors=COLOURS, font_family=FONT, label_font_size=15, major_label_font_size=15,
    legend_font_size=16, value_font_size=15, value_label_font_size=15, tooltip_font_size=15,
    title_font_size=18, no_data_font_size=20,
)
# Values printed inside stacked bars are white (at least 4.5:1 on every colour above).
STACKED_STYLE = Style(**{**STYLE.to_dict(), "value_colors": ("#ffffff",) * len(COLOURS)})
KINDS = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "horizontal": pygal.HorizontalBar,
         "horizontal-stacked": pygal.HorizontalStackedBar}
WIDTH, HEIGHT = 720, 400
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (the legend and the table's column header) and one
    value per category (an ``int``, or ``None`` where there is no figure, e.g. a half-year
    without an officially reported total)."""

    name: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart and its data table.

    ``slug`` makes the HTML ids (unique on a page); ``title`` names the chart (the figure's
    caption and the SVG's accessible name); ``category_header`` heads the table's first column
    (e.g. "Half-year"); ``categories`` label the bars (the axis, short), ``category_labels`` the
    table's rows (long forms; default: the categories); ``series`` have one value per category.
    ``kind`` is ``"bar"``, ``"stacked"``, ``"horizontal"`` or ``"horizontal-stacked"``;
    ``note`` is a sentence under the title saying what is counted. Raises ``ValueError`` for an
    unknown kind or a series whose length is not the number of categories.
    """

    slug: str
    title: str
    category_header: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "bar"
    note: str = ""
    category_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}; one of {', '.join(KINDS)}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"series {series.name!r} has {len(series.values)} values for "
                                 f"{len(self.categories)} categories")
        if self.category_labels and len(self.category_labels) != len(self.categories):
            raise ValueError("category_labels must have one label per category")

    @property
    def is_empty(self) -> bool:
        """True when no series has a value above 0: the page says so instead of drawing axes."""
        return not any(value for series in self.series for value in series.values)

    @property
    def rows(self) -> list[tuple[str, list[int | None]]]:
        """The table's rows: ``(category label, [value of each series])``, in category order."""
        labels = self.category_labels or self.categories
        return [(label, [series.values[index] for series in self.series])
                for index, label in enumerate(labels)]

    def svg(self) -> SafeString:
        """The chart as an inline ``<svg>`` element (no XML declaration, no script), scaled to
        its container by its ``viewBox`` (``WIDTH`` x ``HEIGHT`` units, taller for horizontal
        bars with many categories)."""
        horizontal = self.kind.startswith("horizontal")
        stacked = self.kind.endswith("stacked")
        height = max(HEIGHT, 90 + 34 * len(self.categories)) if horizontal else HEIGHT
        size = STYLE.label_font_size
        # pygal sizes label margins for 0.6 em a character; Chinese characters take 1 em.
        extra = max((_width_em(label) - 0.6 * len(label) for label in self.categories), default=0) * size
        rotate = not horizontal and sum(_width_em(label) + 1 for label in self.categories) * size > WIDTH - 80
        chart = KINDS[self.kind](
            style=STACKED_STYLE if stacked else STYLE, width=WIDTH, height=height, explicit_size=False, js=[],
            disable_xml_declaration=True, show_legend=len(self.series) > 1, legend_at_bottom=True,
            legend_at_bottom_columns=min(len(self.series), 3), print_values=True,
            print_values_position="center" if stacked else "top", print_zeroes=False,
            x_label_rotation=30 if rotate else 0, margin_left=12 + (extra if horizontal else 0),
            margin_bottom=12 + (extra + 8 if rotate else 0),
            truncate_label=-1, truncate_legend=-1, min_scale=1, max_scale=6, order_min=0,
            margin=12, spacing=12, value_formatter=lambda value: f"{value:g}",
            classes=["pygal-chart", "chart__svg"],
        )
        # Horizontal bars are drawn bottom up: reversed, they read top down in the table's order.
        order = slice(None, None, -1 if horizontal else 1)
        chart.x_labels = list(self.categories)[order]
        for series in self.series:
            chart.add(series.name, list(series.values)[order])
        tree = chart.render_tree()
        for parent in tree.iter():
            for child in list(parent):
                if child.tag in ("script", f"{SVG_NAMESPACE}script"):
                    parent.remove(child)
        tree.set("role", "img")
        tree.set("aria-label", self.title)
        tree.set("focusable", "false")
        return mark_safe(_serialise(tree))  # pygal escapes every label it writes


def _width_em(text: str) -> float:
    """The approximate width of ``text`` in em: 1 for a wide (East Asian) character, 0.6 for
    any other."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)


def _serialise(tree) -> str:
    """The element ``tree`` as text, by the XML library pygal built it with (lxml if installed)."""
    return etree.tostring(tree, encoding="unicode")
