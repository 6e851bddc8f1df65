"""``python manage.py purge_personal_data [--dry-run] [--years N]``: retention of personal data."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.retention import purge
from core.commands import ProductCommand
from core.import_storage import purge_import_files
from core.review import purge_personal_data as purge_review_copies


class Command(ProductCommand):
    """Purge visitors' personal data that is no longer needed, from the people and from their
    history (:mod:`backoffice.retention`): of people with no engagement and no change for
    ``--years`` years (default ``PERSONAL_DATA_RETENTION_YEARS``, 5), and of people deleted more
    than ``PERSONAL_DATA_DELETED_GRACE_DAYS`` days (30) ago. Also deletes the uploaded import
    files waiting for a confirm for more than ``IMPORT_TMP_MAX_AGE_HOURS`` hours (24): previews
    nobody confirmed, which may hold visitor lists (:func:`core.import_storage.purge_import_files`),
    and the copies of personal data in review revisions: decided ones, and pending ones of the
    people purged (:func:`core.review.purge_personal_data`).

    Output: one line per person (who, why, which fields, how many history versions) and a total
    line, the number of review revisions that held personal data, then the number of import
    files deleted; with ``--dry-run`` the same, saying what
    would go, and nothing changes. Safe to run on a schedule: a second run purges nothing.
    Exits non-zero with one line for a bad ``--years``.
    """

    help = "Purge personal data of people inactive for N years or deleted (use --dry-run first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would be purged; change nothing.")
        parser.add_argument("--years", type=int, default=None,
                            help="Years without activity after which personal data goes "
                                 "(default PERSONAL_DATA_RETENTION_YEARS).")

    def handle(self, *args, dry_run: bool, years: int | None, **options) -> None:
        years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError(_("purge_personal_data: --years must be 1 or more, not %(years)s") % {
                "years": years})
        purged = purge(timezone.localdate(), years, settings.PERSONAL_DATA_DELETED_GRACE_DAYS,
                       dry_run=dry_run)
        for person in purged:
            self.stdout.write(person.line(dry_run))
        versions = sum(person.versions for person in purged)
        verb = "Would purge" if dry_run else "Purged"
        self.stdout.write(f"{verb} the personal data of {len(purged)} people ({versions} history versions).")
        revisions = purge_review_copies({person.pk for person in purged}, dry_run=dry_run)
        self.stdout.write(f"{verb} the personal data kept in {revisions} review revisions.")
        files = purge_import_files(dry_run=dry_run)
        self.stdout.write(f"{verb} {len(files)} uploaded import files older than "
                          f"{settings.IMPORT_TMP_MAX_AGE_HOURS} hours.")
