from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    """Data sets: the source chapter's records (``load_sample_data``) and the generated data of
    the benchmarks (``generate_data``)."""

    name = "datasets"
    verbose_name = _("Data sets")
