"""Public pages of engagements."""

from django.views.generic import DetailView

from core.cache import KeptArticleMixin

from .models import CITY_ROLES, Engagement


class EngagementDetailView(KeptArticleMixin, DetailView):
    """``/<lang>/engagements/<slug>/``: one published engagement with its participants (titles
    at the time), hosts, partner cities, topics, bureaus, donated items, gifts and photos; the
    article kept between changes (:class:`core.cache.KeptArticleMixin`)."""

    template_name = "visits/engagement_detail.html"
    article_template_name = "visits/engagement_article.html"
    context_object_name = "engagement"

    def article_queryset(self):
        return Engagement.objects.published().for_page()

    def get_article_context(self, record) -> dict:
        participations = list(record.participations.all())
        return {**super().get_article_context(record),
                "hosts": [p for p in participations if p.role in CITY_ROLES],
                "guests": [p for p in participations if p.role not in CITY_ROLES]}
