"""``python manage.py generate_data --scale N [--seed S]``: a large data set for benchmarks."""

import time

from django.core.management.base import CommandError
from django.db import connection

from core.commands import ProductCommand
from datasets.generate import generate


class Command(ProductCommand):
    """Add a generated, deterministic data set (see :mod:`datasets.generate`) to the database.

    ``--scale`` (float, default 1) multiplies every count: 1 is 300 partner cities, 20,000
    engagements, 60,000 people, 150,000 participations, 3,000 exhibitions and 10,000 items.
    ``--seed`` (int, default 1): the same seed gives the same records. Prints the rows created per
    kind and the seconds taken; exits non-zero with one line on a bad scale or a database that
    already holds generated data.

    Afterwards it runs ``ANALYZE`` (PostgreSQL and SQLite): after a bulk load the query planner
    has no statistics until autovacuum gets to the tables, and picks plans that are ten times
    slower (PostgreSQL docs, "Populating a Database: Run ANALYZE Afterwards"). On PostgreSQL it
    runs ``VACUUM ANALYZE``, which also merges the GIN indexes' pending entries (the trigram
    search indexes) and sets the visibility map for index-only scans, as autovacuum does on a
    production server soon after a load (PostgreSQL docs, "GIN Fast Update Technique"); without
    it every name search read the whole pending list. ``VACUUM`` cannot run in a transaction:
    called inside one (a test), it runs ``ANALYZE`` only.
    """

    help = "Add a large, realistic, deterministic data set for benchmarks (1 = 20,000 engagements)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count (default 1)")
        parser.add_argument("--seed", type=int, default=1,
                            help="the same seed gives the same data (default 1)")

    def handle(self, *args, scale: float, seed: int, **options) -> None:
        started = time.perf_counter()
        try:
            counts = generate(scale=scale, seed=seed)
        except (ValueError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"Generated (scale {scale:g}, seed {seed}) in {time.perf_counter() - started:.1f} s: {summary}."))
