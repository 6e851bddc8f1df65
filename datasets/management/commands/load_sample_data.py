"""``python manage.py load_sample_data``: the source chapter's records."""

from core.commands import ProductCommand
from datasets.sample_data import load_sample_data


class Command(ProductCommand):
    """Load (or refresh) every record of the 2022H2 source chapter; idempotent.

    Prints one line with the number of records of each kind. See
    :mod:`datasets.sample_data` for where each fact comes from.
    """

    help = "Load the records of the ROC 111 (2022) July–December chapter as sample data (idempotent)."

    def handle(self, *args, **options) -> None:
        counts = load_sample_data()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Sample data loaded: {summary}."))
