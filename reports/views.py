"""The public figures page: the charts of :mod:`reports.figures` over the published records."""

from __future__ import annotations

from django.utils.translation import get_language
from django.views.generic import TemplateView

from .figures import figure_charts


class FiguresView(TemplateView):
    """``/<lang>/figures/``: every chart of :func:`reports.figures.figure_charts`, counting the
    public records only (:mod:`core.visibility`)."""

    template_name = "reports/figures.html"

    def get_context_data(self, **kwargs):
        charts = figure_charts(get_language(), lambda queryset: queryset.public())
        return super().get_context_data(charts=charts, **kwargs)
