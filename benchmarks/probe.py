"""Measurements taken inside Django, one per process, for :mod:`benchmarks.run`.

``python -m benchmarks.probe pages|admin|export [...]`` with ``DJANGO_SETTINGS_MODULE`` and
``DATABASE_URL`` set; prints one JSON object on the last line of standard output.

- ``pages``: picks the heaviest instances of each public page from the data (the city with the
  most engagements, the busiest year and month, the engagement with the most participants, the
  exhibition with the most items) and counts the SQL queries each page runs through the test
  client, in both languages.
- ``admin --repeat R``: the engagement changelist and two searches (a Latin and a Chinese name),
  logged in as a superuser; median wall time in milliseconds over R requests after a warm-up.
- ``export --period 2022H2 --output FILE``: runs ``export_report`` as a command in this process;
  seconds and peak resident memory (MiB, ``getrusage``; children included, e.g. LibreOffice).
- ``cpu --repeat R``: CPU milliseconds of this process (``time.process_time``), wall
  milliseconds and SQL milliseconds per request of each public page in zh-hant, the mean of R
  warm requests through the test client (the page cache off: what a page costs to render; the
  figure that holds on a noisy machine, since CPU time of other processes is not counted).
  On PostgreSQL on this machine also ``db_cpu_ms``: CPU milliseconds of the database server
  process serving this connection (``/proc/<pg_backend_pid()>/stat``, user plus system time),
  per request; ``None`` where the server's process cannot be read (another host, SQLite).
- ``publish --base URL --path PATH --seconds S --every E``: while the server at ``URL`` is
  under load, every ``E`` seconds unpublish, then publish again, the first engagement that the
  page ``PATH`` links to (``save()``, as the admin does), and measure how long until a request
  to the page shows the change (ms); the engagement is left published.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import django


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    django.setup()


def pick_parameters() -> dict:
    """The arguments of the heaviest public pages in the data, and the busiest half-year."""
    from collections import Counter

    from django.db.models import Count, Q

    from cities.models import City
    from core.models import PublicationStatus
    from exhibitions.models import Exhibition
    from visits.models import Engagement

    published = Q(engagements__status=PublicationStatus.PUBLISHED)
    city = (City.objects.published().annotate(n=Count("engagements", filter=published))
            .order_by("-n", "slug").first())
    dates = list(Engagement.objects.published().values_list("start_date", flat=True))
    months = Counter((d.year, d.month) for d in dates)
    years = Counter(d.year for d in dates)
    year = max(years, key=lambda y: (years[y], y)) if years else None
    month = max((m for m in months if m[0] == year), key=lambda m: (months[m], m)) if year else None
    halves = Counter((d.year, 1 if d.month <= 6 else 2) for d in
                     Engagement.objects.values_list("start_date", flat=True))
    half = max(halves, key=lambda h: (halves[h], h)) if halves else None
    engagement = (Engagement.objects.published().annotate(n=Count("participations"))
                  .order_by("-n", "slug").first())
    exhibition = (Exhibition.objects.published().annotate(n=Count("exhibited_items"))
                  .order_by("-n", "slug").first())
    return {
        "city": city.slug if city else None,
        "city_engagements": getattr(city, "n", 0),
        "search": city.name_en if city else "Busan",
        "year": year, "month": month[1] if month else None,
        "engagement": engagement.slug if engagement else None,
        "engagement_participants": getattr(engagement, "n", 0),
        "exhibition": exhibition.slug if exhibition else None,
        "busiest_half_year": f"{half[0]}H{half[1]}" if half else None,
        "busiest_half_year_engagements": halves[half] if half else 0,
    }


def page_specs(params: dict) -> list[tuple[str, str, dict, str]]:
    """(label, URL name, kwargs, query string) of every public page measured."""
    return [
        ("home", "pages:home", {}, ""),
        ("city index", "cities:index", {}, ""),
        ("busy city", "cities:detail", {"slug": params["city"]}, ""),
        ("archive", "pages:activities", {}, ""),
        ("archive year", "pages:activities-year", {"year": params["year"]}, ""),
        ("archive month", "pages:activities-month", {"year": params["year"], "month": params["month"]}, ""),
        ("engagement", "visits:detail", {"slug": params["engagement"]}, ""),
        ("exhibition", "exhibitions:detail", {"slug": params["exhibition"]}, ""),
        ("search", "pages:search", {}, f"q={params['search']}"),
    ]


def _reverse(name: str, kwargs: dict) -> str:
    """``reverse()``, trying zero-padded months when a pattern wants two digits."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        if "month" not in kwargs:
            raise
        return reverse(name, kwargs={**kwargs, "month": f"{kwargs['month']:02d}"})


def measure_pages() -> dict:
    """Query counts of each public page in zh-hant and en; see the module docstring."""
    from urllib.parse import quote

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    params = pick_parameters()
    client = Client()
    pages = []
    for label, name, kwargs, query in page_specs(params):
        for language in ("zh-hant", "en"):
            entry = {"page": label, "url_name": name, "language": language}
            with translation.override(language):
                url = _reverse(name, kwargs)
            if query:
                key, _, value = query.partition("=")
                url += f"?{key}={quote(value)}"
            client.get(url)  # warm-up: imports, template loading, first connection
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed_ms = (time.perf_counter() - started) * 1000
            pages.append({**entry, "url": url, "status": response.status_code,
                          "queries": len(queries), "ms": round(elapsed_ms, 1),
                          "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
                          "bytes": len(response.content)})
    return {"params": params, "pages": pages}


def measure_admin(repeat: int) -> dict:
    """Median milliseconds of the engagement changelist and searches; see the module docstring."""
    from urllib.parse import quote

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from visits.models import ParticipantRole, Participation

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(user)
    frequent = (Participation.objects.filter(role=ParticipantRole.HEAD).values_list(
        "person__name_en", "person__name_zh_hant").order_by("person__pk").first() or ("Busan", "釜山"))
    base = "/admin/visits/engagement/"
    results = {}
    for label, url in (("changelist", base), ("search latin name", f"{base}?q={quote(frequent[0])}"),
                       ("search chinese name", f"{base}?q={quote(frequent[1])}")):
        response = client.get(url)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        results[label] = {"url": url, "status": response.status_code, "queries": len(queries),
                          "p50_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)}
    return results


def measure_export(period: str, output: str, extra: list[str]) -> dict:
    """Seconds and peak memory of ``export_report``; see the module docstring."""
    from django.core.management import call_command

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    call_command("export_report", period, *extra, "--output", output)
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return {"period": period, "seconds": round(seconds, 2), "peak_rss_mib": round(peak, 1),
            "rss_before_mib": round(rss_before, 1), "output_bytes": os.path.getsize(output)}


def _backend_cpu_seconds(connection) -> float | None:
    """CPU seconds (user + system) the PostgreSQL server process of ``connection`` has used so far.

    Reads ``/proc/<pid>/stat`` of ``pg_backend_pid()`` (fields 14 and 15, in clock ticks);
    ``None`` on SQLite or when the server runs on another host or as a process we cannot read.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # after the ")" closing the command name, utime and stime are the 12th and 13th fields
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_cpu(repeat: int) -> dict:
    """CPU, wall and SQL milliseconds per request of each public page; see the module docstring."""
    from urllib.parse import quote

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    params = pick_parameters()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    results = {}
    for label, name, kwargs, query in page_specs(params):
        with translation.override("zh-hant"):
            url = _reverse(name, kwargs)
        if query:
            key, _, value = query.partition("=")
            url += f"?{key}={quote(value)}"
        for _ in range(2):  # warm-up: imports, templates, the data kept between changes
            client.get(url)
        db_cpu = _backend_cpu_seconds(connection)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(repeat):
            status = client.get(url).status_code
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if db_cpu is not None:
            db_cpu = round((_backend_cpu_seconds(connection) - db_cpu) * 1000 / repeat, 1)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[label] = {"url": url, "status": status, "cpu_ms": round(cpu * 1000 / repeat, 1),
                          "wall_ms": round(wall * 1000 / repeat, 1), "db_cpu_ms": db_cpu,
                          "queries": len(queries),
                          "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1)}
    return {"repeat": repeat, "pages": results}


def publish_during_load(base: str, path: str, seconds: float, every: float) -> dict:
    """Unpublish and publish again, every ``every`` seconds for ``seconds``, the first
    engagement the page at ``base + path`` links to; the delays (ms) until the page showed each
    change. See the module docstring."""
    import re
    import urllib.request

    from core.models import PublicationStatus
    from visits.models import Engagement

    def page() -> str:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.read().decode()

    slugs = re.findall(r'href="/zh-hant/engagements/([^/"]+)/"', page())
    if not slugs:
        return {"error": f"{path} links to no engagement"}
    engagement = Engagement.objects.get(slug=slugs[0])
    link = f'href="/zh-hant/engagements/{engagement.slug}/"'
    # Per kind of change: the delays until shown, and reads that still showed the page before
    # it (after an unpublish there must be none: core.cache serves no copy from before it).
    delays: dict[str, list[float]] = {"published": [], "unpublished": []}
    stale = {"published": 0, "unpublished": 0}
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            time.sleep(every)
            shown = engagement.status != PublicationStatus.PUBLISHED  # what the change makes it
            engagement.status = PublicationStatus.PUBLISHED if shown else PublicationStatus.DRAFT
            engagement.save()
            saved, change = time.perf_counter(), "published" if shown else "unpublished"
            while (link in page()) != shown:
                stale[change] += 1
                if time.perf_counter() - saved > 30:
                    return {"error": f"{path} did not show the change within 30 s"}
            delays[change].append((time.perf_counter() - saved) * 1000)
    finally:
        if engagement.status != PublicationStatus.PUBLISHED:
            engagement.status = PublicationStatus.PUBLISHED
            engagement.save()
    every_delay = delays["published"] + delays["unpublished"]
    return {"path": path, "engagement": engagement.slug, "changes": len(every_delay),
            "visible_p50_ms": round(statistics.median(every_delay), 1) if every_delay else None,
            "visible_max_ms": round(max(every_delay), 1) if every_delay else None,
            "stale_reads_after_publish": stale["published"],
            "stale_reads_after_unpublish": stale["unpublished"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("pages")
    admin = sub.add_parser("admin")
    admin.add_argument("--repeat", type=int, default=7)
    export = sub.add_parser("export")
    export.add_argument("--period", required=True)
    export.add_argument("--output", required=True)
    export.add_argument("extra", nargs="*", help="further arguments of export_report, after --")
    cpu = sub.add_parser("cpu")
    cpu.add_argument("--repeat", type=int, default=20)
    publish = sub.add_parser("publish")
    publish.add_argument("--base", required=True)
    publish.add_argument("--path", required=True)
    publish.add_argument("--seconds", type=float, required=True)
    publish.add_argument("--every", type=float, default=3.0)
    args = parser.parse_args(argv)
    _setup()
    if args.what == "pages":
        result = measure_pages()
    elif args.what == "cpu":
        result = measure_cpu(args.repeat)
    elif args.what == "publish":
        result = publish_during_load(args.base, args.path, args.seconds, args.every)
    elif args.what == "admin":
        result = measure_admin(args.repeat)
    else:
        result = measure_export(args.period, args.output, args.extra)
    sys.stdout.write("\n" + json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main()
