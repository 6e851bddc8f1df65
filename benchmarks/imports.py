"""Import speed: engagement files and visitor lists of 200, 2,000 and 20,000 rows, imported as
the admin and ``import_records`` do (:func:`core.imports.import_file`), on a database holding the
sample data (benchmarks/README.md, "Imports").

``python -m benchmarks.imports [--rows 200 2000 20000] [--database-url URL] [--work-dir DIR]
[--bulk ours|library]``

Each measurement runs in a child process of its own (``--child KIND ROWS FILE STEP``, the dry
run and then the confirmed import, on a fresh database), so that its peak memory
(``ru_maxrss``) is its own: rows/s of the dry run and of the
confirmed import (wall clock), rows per CPU second of the importing process (the figure that
holds on a machine shared with other work; PostgreSQL's own CPU is not in it), SQL statements
per row (counted, not logged) and peak MiB. The files are
made here, deterministically: an engagement row fills every column (kind, titles, ROC dates,
countries, cities, bureaus, topics by their codes); a visitor list names a new person a row, by
ten to an engagement of the sample data, and one known person.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
KINDS = ("engagements", "visitors")
# The target (benchmarks/README.md): rows per second of a confirmed import of 20,000 rows.
MIN_ROWS_PER_SECOND = 2000
# How much more the import may grow at the largest size than at the smallest ("memory flat").
MAX_GROWTH_MIB = 5


def engagement_file(rows: int) -> bytes:
    """A CSV of ``rows`` new engagements, every column filled."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["slug", "kind", "title_zh_hant", "title_en", "start_date", "end_date", "date_precision",
                     "place_zh_hant", "summary_zh_hant", "countries", "cities", "bureaus", "topics"])
    countries = ["japan", "JP", "日本", "united-states", "Korea, Republic of"]
    for n in range(rows):
        month, day = n % 12 + 1, n % 28 + 1
        writer.writerow([
            f"bench-{n}", ["reception", "video_conference", "outbound_visit"][n % 3],
            f"第{n}次交流", f"Exchange {n}", f"{100 + n % 15}/{month:02d}/{day:02d}",
            f"{100 + n % 15}/{month:02d}/{day:02d}", "", "高雄市", "交流內容",
            countries[n % 2], "busan" if n % 2 else "san-antonio", "administration-and-international-affairs",
            "culture, tourism",
        ])
    return out.getvalue().encode("utf-8-sig")


def visitor_file(rows: int) -> bytes:
    """A CSV of ``rows`` participants: new people, ten to an engagement of the sample data."""
    from visits.models import Engagement

    slugs = list(Engagement.objects.order_by("slug").values_list("slug", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["engagement", "name_zh_hant", "name_en", "country", "role", "organisation_zh_hant",
                     "title_zh_hant", "title_en"])
    for n in range(rows):
        writer.writerow([slugs[(n // 10) % len(slugs)], f"訪賓{n}號", f"Visitor {n}", "japan",
                         "head" if n % 10 == 0 else "member", "和歌山市議會", "議員", "Councillor"])
    return out.getvalue().encode("utf-8-sig")


STEPS = {"dry_run": True, "import": False}
# How new rows are written (--bulk): "ours" (core.bulk: one multi-row INSERT or UNNEST a batch)
# or "library" (Django's bulk_create(batch_size=500) and django-simple-history's
# bulk_history_create), to compare the two on the same import.
BULK_WRITERS = ("ours", "library")


def use_library_writers() -> None:
    """Replace :func:`core.bulk.insert`, :func:`core.bulk.insert_values` and
    :func:`core.bulk.insert_history` (where the imports call them) by Django's
    ``QuerySet.bulk_create(batch_size=500)`` and django-simple-history's
    ``bulk_history_create``, which write the same rows (``tests/core/test_bulk.py``)."""
    from core import bulk, imports
    from visits import resources

    ours_history = bulk.insert_history

    def insert(model, objects, *, batch_size=500):
        model._base_manager.bulk_create(objects, batch_size=batch_size)

    def insert_values(model, columns, rows, *, batch_size=500):
        attnames = [model._meta.get_field(column).attname for column in columns]
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model._base_manager.bulk_create(objects, batch_size=batch_size)
        return [instance.pk for instance in objects]

    def insert_history(model, instances, *, user=None, reason="", history_type="+"):
        if history_type not in ("+", "~") or not instances:  # a removed link: no library call
            return ours_history(model, instances, user=user, reason=reason, history_type=history_type)
        return model.history.bulk_history_create(instances, batch_size=500, update=history_type == "~",
                                                 default_user=user, default_change_reason=reason) or []

    for module in (bulk, imports, resources):
        for name, function in (("insert", insert), ("insert_values", insert_values),
                               ("insert_history", insert_history)):
            if hasattr(module, name):
                setattr(module, name, function)


def _memory_mib(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak since :func:`_reset_peak`) of this process, MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Start the process's peak resident size (``VmHWM``) anew from what it holds now (Linux
    ``/proc/self/clear_refs``, value 5): ``ru_maxrss`` cannot be reset, and loading the sample
    data peaks higher than an import of 20,000 rows, which it then hid."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def child(kind: str, rows: int, path: Path, step: str, bulk: str = "ours") -> dict:
    """Measure one ``step`` (``"dry_run"`` or ``"import"``) of one import in this process
    (Django set up by the caller's environment), so that ``peak_mib`` is that step's own: the
    peak resident size during the import, beside ``rss_before_mib`` just before it (the file
    made, Django and the sample data loaded). ``bulk``: :data:`BULK_WRITERS`."""
    import gc

    import django

    django.setup()
    if bulk == "library":
        use_library_writers()
    from django.db import connection

    from core.imports import import_file
    from datasets.sample_data import load_sample_data
    from visits.resources import EngagementResource, VisitorListResource

    load_sample_data()
    data = engagement_file(rows) if kind == "engagements" else visitor_file(rows)
    path.write_bytes(data)
    resource_class = EngagementResource if kind == "engagements" else VisitorListResource
    queries = []  # one None a statement: counted, not kept (the SQL of 20,000 rows is big)

    def count(execute, sql, params, many, context):
        queries.append(None)
        return execute(sql, params, many, context)

    gc.collect()
    _reset_peak()
    rss_before = _memory_mib("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        result = import_file(resource_class(), data, "csv", dry_run=STEPS[step])
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {"bytes": len(data), "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
            "cpu_seconds": round(cpu_seconds, 2), "rows_per_cpu_second": round(rows / max(cpu_seconds, 1e-6)),
            "queries_per_row": round(len(queries) / rows, 1), "errors": result.messages()[:3],
            "totals": dict(result.totals), "rss_before_mib": round(rss_before),
            "peak_mib": round(_memory_mib("VmHWM"))}


def measure(rows_list: list[int], database_url: str, work_dir: Path, bulk: str = "ours") -> list[dict]:
    """Every kind at every size on a fresh database, each step in a child process of its own
    (the dry run writes nothing, so the confirmed import runs on the same database after it).
    ``peak_mib`` is the confirmed import's process."""
    from benchmarks.run import database_url_for, django_env, recreate_database, run

    work_dir.mkdir(parents=True, exist_ok=True)
    measured = []
    for rows in rows_list:
        for kind in KINDS:
            url = database_url_for(database_url, 0, rows, work_dir).replace("_s0_", f"_imports_{kind}_")
            recreate_database(url)
            env = django_env(url, work_dir)
            run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
            steps = {}
            for step in STEPS:
                done = run([PYTHON, "-m", "benchmarks.imports", "--child", kind, str(rows),
                            str(work_dir / f"{kind}-{rows}.csv"), step, "--bulk", bulk], env)
                steps[step] = json.loads(done.stdout.strip().splitlines()[-1])
            measured.append({"kind": kind, "rows": rows, "bulk": bulk, "bytes": steps["import"]["bytes"],
                             **steps,
                             "peak_mib": steps["import"]["peak_mib"]})
    return measured


def targets(measured: list[dict]) -> list[dict]:
    """The import targets (issue 14, benchmarks/README.md), for each kind at the largest size
    measured: the confirmed import's rows/s (wall clock) at least ``MIN_ROWS_PER_SECOND``, and
    memory flat: its growth (peak resident MiB during the import minus before it) at most
    ``MAX_GROWTH_MIB`` more than at the smallest size measured (``None`` when only one size
    was). ``[]`` when nothing was measured."""
    if not measured:
        return []
    largest, smallest = max(m["rows"] for m in measured), min(m["rows"] for m in measured)

    def growth(m: dict) -> float:
        return m["peak_mib"] - m["import"]["rss_before_mib"]

    found = []
    for m in measured:
        if m["rows"] != largest:
            continue
        found.append({"target": f"{m['kind']} import >= {MIN_ROWS_PER_SECOND} rows/s at {largest:,} rows",
                      "value": m["import"]["rows_per_second"],
                      "met": m["import"]["rows_per_second"] >= MIN_ROWS_PER_SECOND})
        small = next((s for s in measured if s["kind"] == m["kind"] and s["rows"] == smallest), None)
        extra = None if largest == smallest or small is None else growth(m) - growth(small)
        found.append({"target": f"{m['kind']} import memory flat (+<= {MAX_GROWTH_MIB} MiB "
                                f"from {smallest:,} to {largest:,} rows)",
                      "value": extra, "met": None if extra is None else extra <= MAX_GROWTH_MIB})
    return found


def table(measured: list[dict]) -> str:
    """The measurements as a text table."""
    lines = ["kind         rows   dry run rows/s  import rows/s  import rows/CPU-s  queries/row  "
             "MiB before → peak"]
    for m in measured:
        done = m["import"]
        lines.append(f"{m['kind']:<12}{m['rows']:>6}  {m['dry_run']['rows_per_second']:>14}  "
                     f"{done['rows_per_second']:>13}  {done.get('rows_per_cpu_second', '-'):>17}  "
                     f"{done['queries_per_row']:>11}  {done.get('rss_before_mib', '-'):>6} → {m['peak_mib']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intl_bench"))
    parser.add_argument("--work-dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "ROWS", "FILE", "STEP"))
    parser.add_argument("--bulk", choices=BULK_WRITERS, default="ours",
                        help="how new rows are written: core.bulk (ours) or bulk_create and "
                             "bulk_history_create (library)")
    options = parser.parse_args(argv)
    if options.child:
        kind, rows, path, step = options.child
        print(json.dumps(child(kind, int(rows), Path(path), step, options.bulk)))
        return 0
    measured = measure(options.rows, options.database_url, options.work_dir, options.bulk)
    print(table(measured))
    (options.work_dir / "imports.json").write_text(json.dumps(measured, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
