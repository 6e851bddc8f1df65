"""Public pages of exhibitions."""

from django.views.generic import DetailView

from core.cache import KeptArticleMixin

from .models import Exhibition


class ExhibitionDetailView(KeptArticleMixin, DetailView):
    """``/<lang>/exhibitions/<slug>/``: one published exhibition with its venue, featured cities,
    items shown (with who gave them) and photos; the article kept between changes
    (:class:`core.cache.KeptArticleMixin`)."""

    template_name = "exhibitions/exhibition_detail.html"
    article_template_name = "exhibitions/exhibition_article.html"
    context_object_name = "exhibition"

    def article_queryset(self):
        return Exhibition.objects.published().for_page()
