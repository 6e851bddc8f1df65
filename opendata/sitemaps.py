"""``sitemap.xml`` (django.contrib.sitemaps): every public page in every language of
``settings.LANGUAGES``, each with ``hreflang`` alternates and an ``x-default`` (zh-hant).

Lists the home page, the city index and the activity archive, and the page of every record of
each model with a public page (published partner cities, engagements, exhibitions: their
QuerySets' ``in_sitemap()``); ``lastmod`` is the record's last change. Only published records
(drafts and embargoed records never appear).
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Model, QuerySet
from django.urls import reverse

from core.registry import public_page_models


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
        return ["pages:home", "cities:index", "pages:activities", "reports:figures"]

    def location(self, item: str) -> str:
        """The page's path in the active language."""
        return reverse(item)


class RecordSitemap(_I18nSitemap):
    """The pages of one model's records (:meth:`core.models.PublishableQuerySet.in_sitemap`)."""

    def __init__(self, model: type[Model]) -> None:
        super().__init__()
        self.model = model

    def items(self) -> QuerySet:
        """The records listed, oldest first."""
        return self.model.objects.in_sitemap().order_by("pk")

    def lastmod(self, item: Model) -> datetime.datetime:
        """When the record last changed."""
        return item.updated_at


def sitemaps() -> dict[str, Sitemap]:
    """The static pages, then one section per record model with a public page
    (:func:`core.registry.public_page_models`), keyed by the model's name."""
    return {"pages": StaticPagesSitemap,
            **{model._meta.model_name: RecordSitemap(model) for model in public_page_models()}}
