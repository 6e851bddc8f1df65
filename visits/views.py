"""Public pages of engagements."""

from django.views.generic import DetailView

from .models import CITY_ROLES, Engagement


class EngagementDetailView(DetailView):
    """``/<lang>/engagements/<slug>/``: one published engagement with its participants (titles
    at the time), hosts, partner cities, topics, bureaus, donated items, gifts and photos."""

    template_name = "visits/engagement_detail.html"
    context_object_name = "engagement"

    def get_queryset(self):
        return Engagement.objects.published().for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participations = list(self.object.participations.all())
        context["hosts"] = [p for p in participations if p.role in CITY_ROLES]
        context["guests"] = [p for p in participations if p.role not in CITY_ROLES]
        return context
