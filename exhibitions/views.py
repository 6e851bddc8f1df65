"""Public pages of exhibitions."""

from django.views.generic import DetailView

from .models import Exhibition


class ExhibitionDetailView(DetailView):
    """``/<lang>/exhibitions/<slug>/``: one published exhibition with its venue, featured cities,
    items shown (with who gave them) and photos."""

    template_name = "exhibitions/exhibition_detail.html"
    context_object_name = "exhibition"

    def get_queryset(self):
        return Exhibition.objects.published().for_page()
