"""``sitemap.xml`` (django.contrib.sitemaps): every public page in every language of
``settings.LANGUAGES``, each with ``hreflang`` alternates and an ``x-default`` (zh-hant).

Lists the home page, the city index and the activity archive, the page of every published
partner city, and of every published engagement and exhibition; ``lastmod`` is the record's
last change. Only published records (drafts and embargoed records never appear).
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Model, QuerySet
from django.urls import reverse

from cities.models import City
from exhibitions.models import Exhibition
from visits.models import Engagement


class _I18nSitemap(Sitemap):
    """One entry per language with alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(_I18nSitemap):
    """The public pages that are not about one record."""

    priority = 0.8
    changefreq = "weekly"

    def items(self) -> list[str]:
        """URL names of the pages."""
        return ["pages:home", "cities:index", "pages:activities"]

    def location(self, item: str) -> str:
        """The page's path in the active language."""
        return reverse(item)


class _RecordSitemap(_I18nSitemap):
    """Published records with a public page (``get_absolute_url``)."""

    def lastmod(self, item: Model) -> datetime.datetime:
        """When the record last changed."""
        return item.updated_at


class CitySitemap(_RecordSitemap):
    """The pages of published partner cities."""

    priority = 0.7

    def items(self) -> QuerySet[City]:
        """Published cities with a partnership, past or present."""
        return City.objects.published().partners().order_by("slug")


class EngagementSitemap(_RecordSitemap):
    """The pages of published engagements."""

    def items(self) -> QuerySet[Engagement]:
        """Published engagements, oldest first."""
        return Engagement.objects.published().order_by("start_date", "pk")


class ExhibitionSitemap(_RecordSitemap):
    """The pages of published exhibitions."""

    def items(self) -> QuerySet[Exhibition]:
        """Published exhibitions, oldest first."""
        return Exhibition.objects.published().order_by("start_date", "pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "cities": CitySitemap,
    "engagements": EngagementSitemap,
    "exhibitions": ExhibitionSitemap,
}
