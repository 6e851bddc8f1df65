"""Smoke test of the benchmark harness at a tiny scale, so that `make bench` cannot rot.

Asserts the structure of the results, never timings (those belong in benchmarks/README.md).
Uses SQLite whatever the suite's database, so it runs once, in the SQLite suite (a second run
would prove nothing more); wrk and Redis are used where present.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import parse_wrk

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"home", "city index", "busy city", "archive", "archive year", "archive month", "engagement",
         "exhibition", "search"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.sqlite_suite_only("the harness runs on a SQLite file of its own, whatever the suite's database")
def test_harness_runs_end_to_end_at_a_tiny_scale(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scales", "0.002", "--quick", "--duration", "1",
         "--admin-repeat", "2", "--database-url", "sqlite:///unused", "--work-dir", str(tmp_path),
         "--port", str(free_port()), "--load-pages", "home", "engagement", "--import-rows", "20",
         "--redis-url", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "== targets" in done.stdout
    report = json.loads((tmp_path / "results.json").read_text())
    [scale] = report["scales"]
    assert scale["scale"] == 0.002 and scale["generate_seconds"] > 0

    pages = scale["pages"]["pages"]
    assert {page["page"] for page in pages} == PAGES
    assert {page["language"] for page in pages} == {"zh-hant", "en"}
    for page in pages:
        assert page["status"] == 200 and page["queries"] > 0, page
    assert scale["pages"]["params"]["busiest_half_year"]

    for search in scale["admin"].values():
        assert search["status"] == 200 and search["queries"] > 0 and search["p50_ms"] > 0
    assert scale["export"]["seconds"] > 0, scale["export"]

    # Imports: each kind measured, every row imported, no error.
    assert {(m["kind"], m["rows"]) for m in report["imports"]} == {("engagements", 20), ("visitors", 20)}
    for measured in report["imports"]:
        assert measured["import"]["errors"] == [] and measured["import"]["totals"]["new"] == 20, measured
        assert measured["dry_run"]["totals"]["new"] == 20 and measured["peak_mib"] > 0
    assert "== imports" in done.stdout

    served = {page["page"] for page in pages if page.get("status") == 200 and page["language"] == "zh-hant"}
    if shutil.which("wrk"):
        uncached = scale["load"]["uncached"]
        assert uncached["baseline"]["rps"] > 0
        assert set(uncached["pages"]) == served & {"home", "engagement"}
        assert all(result["ratio"] > 0 and result["non_2xx"] == 0 for result in uncached["pages"].values())
        assert uncached["cache_header"] is None
        default_install = scale["load"]["default_install"]  # the database cache, no Redis
        assert default_install["cache"] == "database" and default_install["cache_header"] == "hit"
        assert all(result["non_2xx"] == 0 for result in default_install["pages"].values())
        publishing = scale["load"]["publishing"]["pages"]
        assert set(publishing) == served & {"home"}
        for result in publishing.values():
            published = result["publish"]
            assert published["changes"] >= 1, published
            assert published["stale_reads_after_unpublish"] == 0, published
        cached = scale["load"]["cached"]
        if "skipped" not in cached and served:
            assert cached["cache"] == "redis" and cached["cache_header"] == "hit"
    else:
        assert "skipped" in scale["load"]
    # CPU per request of every page, with and without the data kept between changes.
    for figures in (scale["cpu"], scale["cpu_without_kept_data"]):
        assert set(figures["pages"]) == PAGES
        assert all(page["status"] == 200 and page["cpu_ms"] > 0 for page in figures["pages"].values())
    # Twelve targets of the pages, the admin and the export; two per kind of import (rows/s and
    # memory, the latter not measured with one size).
    assert len(report["targets"]) == 12 + 2 * 2 and report["growth"][0]["scale"] == 0.002


def test_wrk_output_is_parsed():
    output = """Running 2s test @ http://127.0.0.1:8017/bench/baseline/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    31.20ms   12.01ms 210.11ms   80.00%
  Latency Distribution
     50%  812.00us
     75%   35.10ms
     90%   45.20ms
     99%    1.20s
  2468 requests in 2.00s, 1.01MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   1233.97
Transfer/sec:    517.00KB
"""
    assert parse_wrk(output) == {"rps": 1233.97, "p50_ms": 0.81, "p90_ms": 45.2, "p99_ms": 1200.0,
                                 "requests": 2468, "non_2xx": 7, "socket_errors": 4}


def test_import_targets_read_rows_per_second_and_growth_between_sizes():
    from benchmarks.imports import targets

    def measured(kind, rows, rps, before, peak):
        return {"kind": kind, "rows": rows, "peak_mib": peak,
                "import": {"rows_per_second": rps, "rss_before_mib": before}}

    found = targets([measured("engagements", 2000, 1500, 100, 103),     # grows 3 MiB
                     measured("engagements", 20000, 2400, 110, 117),    # grows 7: 4 more, flat
                     measured("visitors", 2000, 2100, 100, 102),        # grows 2 MiB
                     measured("visitors", 20000, 1900, 105, 125)])      # grows 20: 18 more
    assert [(t["value"], t["met"]) for t in found] == [(2400, True), (4, True), (1900, False), (18, False)]
    assert found[1]["target"] == "engagements import memory flat (+<= 5 MiB from 2,000 to 20,000 rows)"
