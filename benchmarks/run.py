"""``make bench``: generate data at several scales and measure the public site, the admin and the
report export against it; write a JSON file and print a table (see benchmarks/README.md).

``python -m benchmarks.run [--scales 0.1 0.3 1] [--quick] [--database-url URL] [--redis-url URL]``

For each scale N: a fresh database (PostgreSQL by default, one database per scale), migrations,
the sample data and ``generate_data --scale N``; then

1. SQL queries per public page (test client, both languages): :mod:`benchmarks.probe`;
2. gunicorn (``--workers``, production settings) under wrk (``--connections`` clients on
   loopback): requests/s, p50 and p99 of each page and of a minimal Django view (the baseline)
   served by the same server in the same run: without the page cache, with the database cache
   of the default install (no Redis) and with Redis (``CACHE_URL``); then the default install
   while an engagement on the page is unpublished and published every ``--publish-every`` s;
3. the admin's engagement changelist and searches (median ms), and CPU ms per request of each
   page in one process (with and without the data kept between changes);
4. ``export_report`` for the busiest half-year (seconds, peak memory);
5. the growth of all of these across the scales;
6. imports of engagement files and visitor lists (:mod:`benchmarks.imports`; rows/s, queries a
   row, peak memory at ``--import-rows``, default 200, 2,000 and 20,000; ``--import-rows 0``
   skips them).

Exits 2 with one line when the
database server cannot be reached.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks import imports

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BASELINE_PATH = "/bench/baseline/"
# The targets (benchmarks/README.md, issue 14), checked at the largest scale measured. The
# uncached throughput (requests/s against the baseline view) is reported, not a target: issue 14
# replaced it by CPU per request, which no peer's page met and which does not hold on a noisy machine.
MAX_QUERIES = 12
MAX_CPU_MS, MAX_DB_CPU_MS = 20.0, 5.0
MIN_CACHED_RATIO, MAX_CACHED_P99_MS = 0.70, 1000.0
MAX_ADMIN_P50_MS, MAX_EXPORT_SECONDS, MAX_EXPORT_MIB = 300.0, 5.0, 300.0
# The load runs: no page cache; the database cache of the default install; Redis (CACHE_URL).
LOAD_MODES = ("uncached", "default_install", "cached")


class BenchError(Exception):
    """A precondition of the benchmark is missing (a server, a port); the message says which."""


def scale_tag(scale: float) -> str:
    """``0.1`` → ``"0_1"``: a scale as part of a database or file name."""
    return f"{scale:g}".replace(".", "_").replace("-", "m")


def database_url_for(base_url: str, scale: float, seed: int, work_dir: Path) -> str:
    """The URL of the database of ``scale``: ``<name>_s<scale>_<seed>`` on the same PostgreSQL
    server, or a SQLite file in ``work_dir``."""
    parts = urlsplit(base_url)
    if parts.scheme.startswith("postgres"):
        name = parts.path.lstrip("/") or "intl_bench"
        return urlunsplit(parts._replace(path=f"/{name}_s{scale_tag(scale)}_{seed}"))
    return f"sqlite:///{work_dir / f'bench_s{scale_tag(scale)}_{seed}.sqlite3'}"


def recreate_database(url: str) -> None:
    """Drop and create the database at ``url`` (PostgreSQL) or delete the SQLite file."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        Path(parts.path).unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL at {parts.hostname}:{parts.port} cannot be reached "
                         f"({str(error).strip().splitlines()[0]}); start it or pass "
                         "--database-url sqlite:///var/bench/bench.sqlite3") from error


def django_env(database_url: str, work_dir: Path) -> dict[str, str]:
    """The environment of every Django process of the benchmark: production settings plus the
    baseline view (:mod:`benchmarks.settings`), plain HTTP on loopback, the page cache off
    (:func:`cache_env` turns it on)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-only-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0", "DEBUG": "0", "LOG_LEVEL": "ERROR",
        "STATIC_ROOT": str(work_dir / "static"), "PYTHONPATH": str(ROOT),
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
    })
    return env


def cache_env(env: dict[str, str], cache: str) -> dict[str, str]:
    """``env`` with the product's page cache on: ``cache`` is ``"database"`` (the default
    install: Django's database cache in the site's database) or a Redis URL (``CACHE_URL``)."""
    return {**env, "PUBLIC_PAGE_CACHE_SECONDS": "300",
            **({} if cache == "database" else {"CACHE_URL": cache})}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a command in the repository; raise ``BenchError`` with its last error line on failure."""
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["(no output)"]
        raise BenchError(f"{' '.join(args[1:4])} failed: {lines[-1]}")
    return done


def probe(args: list[str], env: dict[str, str]) -> dict:
    """Run :mod:`benchmarks.probe` and return its JSON, or ``{"error": ...}`` if it failed."""
    try:
        done = run([PYTHON, "-m", "benchmarks.probe", *args], env)
    except BenchError as error:
        return {"error": str(error)}
    return json.loads(done.stdout.strip().splitlines()[-1])


def has_generated_data(url: str) -> bool:
    """True when the database at ``url`` exists and already holds generated records."""
    query = "SELECT 1 FROM cities_city WHERE slug LIKE 'gen-%' LIMIT 1"
    parts = urlsplit(url)
    try:
        if parts.scheme.startswith("postgres"):
            import psycopg

            with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql"))) as connection:
                return connection.execute(query).fetchone() is not None
        import sqlite3

        if not Path(parts.path).exists():
            return False
        with sqlite3.connect(parts.path) as connection:
            return connection.execute(query).fetchone() is not None
    except Exception:  # no such database or table: not reusable
        return False


def prepare(scale: float, seed: int, url: str, env: dict[str, str], reuse: bool = False) -> dict:
    """A fresh database with the sample data and the generated data of ``scale``; with
    ``reuse``, a database of the same scale and seed left by an earlier run is only migrated."""
    if reuse and has_generated_data(url):
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        return {"generate_seconds": None, "generate_output": "reused the data of an earlier run"}
    recreate_database(url)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run([PYTHON, "manage.py", "load_sample_data"], env)
    started = time.perf_counter()
    done = run([PYTHON, "manage.py", "generate_data", "--scale", str(scale), "--seed", str(seed)], env)
    return {"generate_seconds": round(time.perf_counter() - started, 1),
            "generate_output": done.stdout.strip().splitlines()[-1]}


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int):
    """Serve the site with gunicorn on 127.0.0.1:``port``; yield its base URL once the baseline
    view answers; stop it afterwards."""
    if not _port_free(port):
        raise BenchError(f"port {port} is in use; pass --port")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "intl_affairs.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if server.poll() is not None:
                raise BenchError(f"gunicorn exited: {server.stderr.read().strip()[-300:]}")
            try:
                with urllib.request.urlopen(base + BASELINE_PATH, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        else:
            raise BenchError("gunicorn did not answer within 30 s")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(value) * _UNITS[unit], 2)


def parse_wrk(output: str) -> dict:
    """Requests/s, p50/p90/p99 (ms), requests, errors and non-2xx/3xx answers from ``wrk --latency``."""
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "90", "99"):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}_ms"] = _ms(match.group(1)) if match else None
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    return result


def wrk(url: str, seconds: int, connections: int, threads: int) -> dict:
    """Load ``url`` for ``seconds`` with ``connections`` concurrent clients; see :func:`parse_wrk`.

    Afterwards waits for one more request to ``url``: it queues behind the requests wrk left in
    the server's backlog, so the next measurement starts on an idle server."""
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True, text=True, check=True)
    result = parse_wrk(done.stdout)
    try:
        with urllib.request.urlopen(url, timeout=180) as response:
            response.read()
    except (urllib.error.URLError, TimeoutError) as error:
        result["drain_error"] = str(error)
    return result


def load_test(base_env: dict[str, str], pages: list[dict], options, cache: str = "") -> dict:
    """Every page under wrk, between two runs of the baseline view, on one gunicorn; with the
    page cache of ``cache`` (see :func:`cache_env`; ``""``: none)."""
    env = cache_env(base_env, cache) if cache else base_env
    measure = {"seconds": options.duration, "connections": options.connections,
               "threads": options.threads, "workers": options.workers, "cached": bool(cache),
               "cache": "redis" if cache.startswith("redis") else cache or None}
    with gunicorn(env, options.port, options.workers) as base:
        for url in [BASELINE_PATH, *(page["url"] for page in pages)]:
            wrk(base + url, 1, options.connections, options.threads)  # warm-up (and fill the cache)
        cache_state = None
        if cache and pages:
            with urllib.request.urlopen(base + pages[0]["url"], timeout=5) as response:
                cache_state = response.headers.get("X-Page-Cache")
        before = wrk(base + BASELINE_PATH, options.duration, options.connections, options.threads)
        results = {page["page"]: wrk(base + page["url"], options.duration, options.connections,
                                     options.threads) for page in pages}
        after = wrk(base + BASELINE_PATH, options.duration, options.connections, options.threads)
    baseline_rps = statistics.mean([before["rps"], after["rps"]])
    for result in results.values():
        result["ratio"] = round(result["rps"] / baseline_rps, 3) if baseline_rps else None
    return {**measure, "cache_header": cache_state, "baseline": {"before": before, "after": after,
            "rps": round(baseline_rps, 1)}, "pages": results}


PUBLISH_PAGES = ("home", "archive", "busy city")


def publish_load_test(base_env: dict[str, str], pages: list[dict], options) -> dict:
    """The default install (database cache) under wrk while :mod:`benchmarks.probe` ``publish``
    unpublishes and publishes an engagement shown on the page every ``--publish-every``
    seconds: throughput, latency, and how soon and how reliably each change was served."""
    env = cache_env(base_env, "database")
    pages = [page for page in pages if page["page"] in PUBLISH_PAGES]
    measure = {"seconds": options.duration, "connections": options.connections,
               "workers": options.workers, "every": options.publish_every, "cache": "database"}
    results = {}
    with gunicorn(env, options.port, options.workers) as base:
        for url in [BASELINE_PATH, *(page["url"] for page in pages)]:
            wrk(base + url, 1, options.connections, options.threads)
        baseline = wrk(base + BASELINE_PATH, options.duration, options.connections, options.threads)
        for page in pages:
            publisher = subprocess.Popen(
                [PYTHON, "-m", "benchmarks.probe", "publish", "--base", base, "--path", page["url"],
                 "--seconds", str(options.duration), "--every", str(options.publish_every)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            result = wrk(base + page["url"], options.duration + 1, options.connections, options.threads)
            out, err = publisher.communicate(timeout=300)
            lines = out.strip().splitlines()
            result["publish"] = (json.loads(lines[-1]) if publisher.returncode == 0 and lines
                                 else {"error": (err.strip().splitlines() or ["no output"])[-1]})
            result["ratio"] = round(result["rps"] / baseline["rps"], 3) if baseline["rps"] else None
            results[page["page"]] = result
    return {**measure, "baseline": {"rps": baseline["rps"]}, "pages": results}


def redis_reachable(url: str) -> bool:
    """True when a Redis server answers PING at ``url``."""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


@contextmanager
def redis_server(url: str):
    """Yield ``url`` if Redis answers there, else start ``redis-server`` on its port (no
    persistence) for the duration; yield ``""`` if neither is possible."""
    if redis_reachable(url):
        import redis

        redis.Redis.from_url(url).flushdb()  # only the benchmark's database number
        yield url
        return
    executable = shutil.which("redis-server")
    if not executable:
        yield ""
        return
    port = urlsplit(url).port or 6379
    server = subprocess.Popen([executable, "--port", str(port), "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if redis_reachable(url):
                break
            time.sleep(0.1)
        yield url if redis_reachable(url) else ""
    finally:
        server.terminate()
        server.wait()


def bench_scale(scale: float, options, work_dir: Path, redis_url: str) -> dict:
    """Every measure at one scale; see the module docstring."""
    url = database_url_for(options.database_url, scale, options.seed, work_dir)
    env = django_env(url, work_dir)
    result = {"scale": scale, "database": url.split("://")[0]}
    result.update(prepare(scale, options.seed, url, env, reuse=options.reuse_data))
    print(f"  N={scale:g}: {result['generate_output']}", flush=True)
    result["pages"] = probe(["pages"], env)
    result["cpu"] = probe(["cpu", "--repeat", str(options.cpu_repeat)], env)
    result["cpu_without_kept_data"] = probe(["cpu", "--repeat", str(options.cpu_repeat)],
                                            {**env, "PUBLIC_DATA_CACHE_SECONDS": "0"})
    result["admin"] = probe(["admin", "--repeat", str(options.admin_repeat)], env)
    period = (result["pages"].get("params") or {}).get("busiest_half_year") or "2022H2"
    report_file = work_dir / f"report_s{scale_tag(scale)}.odt"
    result["export"] = probe(["export", "--period", period, "--output", str(report_file),
                              "--", "--format", "odt"], env)
    served = [p for p in result["pages"].get("pages", [])
              if p.get("language") == "zh-hant" and p.get("status") == 200
              and (not options.load_pages or p["page"] in options.load_pages)]
    if options.no_load:
        result["load"] = {"skipped": "--no-load"}
    elif not shutil.which("wrk"):
        result["load"] = {"skipped": "wrk is not installed (Debian package wrk)"}
    else:
        result["load"] = {"uncached": load_test(env, served, options),
                          "default_install": load_test(env, served, options, cache="database")}
        result["load"]["cached"] = (load_test(env, served, options, cache=redis_url) if redis_url
                                    else {"skipped": "no Redis server reachable or startable"})
        result["load"]["publishing"] = publish_load_test(env, served, options)
    print(f"  N={scale:g}: measured", flush=True)
    return result


def growth(scales: list[dict]) -> list[dict]:
    """One row per scale: the worst page and the admin and export figures, to compare across N."""
    rows = []
    for s in scales:
        pages = [p for p in s["pages"].get("pages", []) if "queries" in p]
        row = {"scale": s["scale"], "generate_seconds": s["generate_seconds"],
               "max_queries": max((p["queries"] for p in pages), default=None),
               "admin_changelist_p50_ms": s["admin"].get("changelist", {}).get("p50_ms"),
               "export_seconds": s["export"].get("seconds"),
               "export_peak_mib": s["export"].get("peak_rss_mib")}
        for mode in (*LOAD_MODES, "publishing"):
            load = s.get("load", {}).get(mode, {})
            ratios = [r["ratio"] for r in load.get("pages", {}).values() if r["ratio"] is not None]
            row[f"{mode}_min_ratio"] = min(ratios, default=None)
            p99s = [r["p99_ms"] for r in load.get("pages", {}).values() if r["p99_ms"] is not None]
            row[f"{mode}_max_p99_ms"] = max(p99s, default=None)
        published = [r.get("publish", {}) for r in s.get("load", {}).get("publishing", {})
                     .get("pages", {}).values()]
        row["stale_after_unpublish"] = (sum(p.get("stale_reads_after_unpublish", 0) for p in published)
                                        if published and all("changes" in p for p in published) else None)
        rows.append(row)
    return rows


def check_targets(scales: list[dict]) -> list[dict]:
    """The issue's targets, each with the measured value and whether it is met (``None``: not
    measured). Page figures are taken at the largest scale; query counts across all scales.
    The CPU targets take the most expensive page (ms per request, ``benchmarks.probe cpu``, page
    cache off, data kept between changes on as installed); database CPU is ``None`` on SQLite.

    "Queries do not grow with N": no page runs more queries at a larger scale than at the
    smallest. A page may run fewer: Django skips a prefetch that has nothing to fetch, so a
    city whose newest 30 activities include no exhibition runs 3 queries fewer than one whose
    page has both kinds (the busy city at N=1, benchmarks/README.md)."""
    largest, rows = scales[-1], growth(scales)[-1]
    counts: dict[tuple[str, str], list[int]] = {}
    for s in scales:  # ascending (parse_args sorts them)
        for page in s["pages"].get("pages", []):
            if "queries" in page:
                counts.setdefault((page["page"], page["language"]), []).append(page["queries"])
    constant = all(max(v) <= v[0] for v in counts.values()) if counts else None
    worst = max((max(v) for v in counts.values()), default=None)
    # The most expensive page of the uncached CPU probe; the database's CPU only where the probe
    # can read the server's process (PostgreSQL on this machine), else not measured.
    cpu_pages = largest.get("cpu", {}).get("pages", {}).values()
    cpu_ms = max((p["cpu_ms"] for p in cpu_pages), default=None)
    db_cpu_ms = max((p["db_cpu_ms"] for p in cpu_pages if p.get("db_cpu_ms") is not None), default=None)

    def target(name, value, ok):
        return {"target": name, "value": value, "met": None if value is None else ok}

    return [
        target(f"queries per page <= {MAX_QUERIES}", worst, worst is not None and worst <= MAX_QUERIES),
        target("queries do not grow with N", constant if counts else None, bool(constant)),
        target(f"Django CPU per page <= {MAX_CPU_MS:g} ms at N={largest['scale']:g}", cpu_ms,
               (cpu_ms or 0) <= MAX_CPU_MS),
        target(f"database CPU per page <= {MAX_DB_CPU_MS:g} ms", db_cpu_ms,
               (db_cpu_ms or 0) <= MAX_DB_CPU_MS),
        target(f"cached ratio >= {MIN_CACHED_RATIO}", rows["cached_min_ratio"],
               (rows["cached_min_ratio"] or 0) >= MIN_CACHED_RATIO),
        target(f"default install ratio >= {MIN_CACHED_RATIO}", rows["default_install_min_ratio"],
               (rows["default_install_min_ratio"] or 0) >= MIN_CACHED_RATIO),
        target(f"default install p99 < {MAX_CACHED_P99_MS:g} ms", rows["default_install_max_p99_ms"],
               (rows["default_install_max_p99_ms"] or 0) < MAX_CACHED_P99_MS),
        target(f"publishing p99 < {MAX_CACHED_P99_MS:g} ms", rows["publishing_max_p99_ms"],
               (rows["publishing_max_p99_ms"] or 0) < MAX_CACHED_P99_MS),
        target("no page from before an unpublish", rows["stale_after_unpublish"],
               rows["stale_after_unpublish"] == 0),
        target(f"admin changelist p50 < {MAX_ADMIN_P50_MS:g} ms", rows["admin_changelist_p50_ms"],
               (rows["admin_changelist_p50_ms"] or 0) < MAX_ADMIN_P50_MS),
        target(f"export < {MAX_EXPORT_SECONDS:g} s", rows["export_seconds"],
               (rows["export_seconds"] or 0) < MAX_EXPORT_SECONDS),
        target(f"export < {MAX_EXPORT_MIB:g} MiB", rows["export_peak_mib"],
               (rows["export_peak_mib"] or 0) < MAX_EXPORT_MIB),
    ]


def _fmt(value, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


def table(report: dict) -> str:
    """The results as plain-text tables."""
    lines = []
    for s in report["scales"]:
        loaded = (f"data generated in {s['generate_seconds']} s" if s["generate_seconds"] is not None
                  else "data reused")
        lines.append(f"\n== N={s['scale']:g} ({s['database']}; {loaded})")
        if "error" in s["pages"]:
            lines.append(f"   pages: {s['pages']['error']}")
        load = s.get("load", {})
        un, db, ca = (load.get(mode, {}) for mode in LOAD_MODES)
        lines.append(f"   {'page':<14} {'queries zh/en':>13} {'uncached rps':>12} {'ratio':>6} {'p50':>7} "
                     f"{'p99':>7} {'db cache rps':>12} {'ratio':>6} {'p99':>7} "
                     f"{'redis rps':>10} {'ratio':>6} {'p99':>7}")
        if "baseline" in un:
            lines.append(f"   {'baseline view':<14} {'':>13} {un['baseline']['rps']:>12.0f} {1:>6.2f} "
                         f"{un['baseline']['before']['p50_ms']:>7} {un['baseline']['before']['p99_ms']:>7} "
                         f"{_fmt(db.get('baseline', {}).get('rps'), '.0f'):>12} {'':>6} {'':>7} "
                         f"{_fmt(ca.get('baseline', {}).get('rps'), '.0f'):>10}")
        by_page: dict[str, dict] = {}
        for page in s["pages"].get("pages", []):
            by_page.setdefault(page["page"], {})[page["language"]] = page
        for name, languages in by_page.items():
            zh, en = languages.get("zh-hant", {}), languages.get("en", {})
            queries = f"{zh.get('queries')}/{en.get('queries')}"
            if zh.get("status") != 200:
                queries += f" (HTTP {zh.get('status')})"
            u, d, c = (mode.get("pages", {}).get(name, {}) for mode in (un, db, ca))
            lines.append(f"   {name:<14} {queries:>13} {_fmt(u.get('rps'), '.0f'):>12} "
                         f"{_fmt(u.get('ratio'), '.2f'):>6} {_fmt(u.get('p50_ms')):>7} "
                         f"{_fmt(u.get('p99_ms')):>7} {_fmt(d.get('rps'), '.0f'):>12} "
                         f"{_fmt(d.get('ratio'), '.2f'):>6} {_fmt(d.get('p99_ms')):>7} "
                         f"{_fmt(c.get('rps'), '.0f'):>10} "
                         f"{_fmt(c.get('ratio'), '.2f'):>6} {_fmt(c.get('p99_ms')):>7}")
        for mode in LOAD_MODES:
            if "skipped" in load.get(mode, {}):
                lines.append(f"   load ({mode}): skipped: {load[mode]['skipped']}")
        if "skipped" in load:
            lines.append(f"   load: skipped: {load['skipped']}")
        publishing = load.get("publishing", {})
        if publishing.get("pages"):
            lines.append(f"   publishing every {publishing['every']} s (database cache): "
                         f"{'page':<12} {'rps':>6} {'ratio':>6} {'p99':>7} {'changes':>7} "
                         f"{'shown p50':>9} {'max':>7} {'stale after publish/unpublish':>30}")
            for name, r in publishing["pages"].items():
                p = r.get("publish", {})
                lines.append(f"   {'':<45}{name:<12} {r['rps']:>6.0f} {_fmt(r.get('ratio'), '.2f'):>6} "
                             f"{_fmt(r['p99_ms']):>7} {_fmt(p.get('changes')):>7} "
                             f"{_fmt(p.get('visible_p50_ms')):>9} {_fmt(p.get('visible_max_ms')):>7} "
                             f"{_fmt(p.get('stale_reads_after_publish')):>14}/"
                             f"{_fmt(p.get('stale_reads_after_unpublish'))}"
                             + (f"  {p['error']}" if "error" in p else ""))
        cpu, plain = s.get("cpu", {}), s.get("cpu_without_kept_data", {})
        if cpu.get("pages"):
            lines.append(f"   per request, one process (mean of {cpu['repeat']}): {'page':<14} "
                         f"{'CPU ms':>7} {'DB CPU':>7} {'SQL ms':>7} {'queries':>7} "
                         f"{'CPU ms without kept data':>25}")
            for name, c in cpu["pages"].items():
                without = plain.get("pages", {}).get(name, {})
                lines.append(f"   {'':<37}{name:<14} {c['cpu_ms']:>7} {_fmt(c.get('db_cpu_ms')):>7} "
                             f"{c['sql_ms']:>7} {c['queries']:>7} "
                             f"{_fmt(without.get('cpu_ms')):>25}")
        elif "error" in cpu:
            lines.append(f"   cpu: {cpu['error']}")
        for label, a in s["admin"].items():
            if isinstance(a, dict):
                lines.append(f"   admin {label:<20} p50 {a['p50_ms']:>7} ms  {a['queries']} queries  "
                             f"HTTP {a['status']}")
            else:
                lines.append(f"   admin: {a}")
        export = s["export"]
        if "seconds" in export:
            lines.append(f"   export_report {export['period']}: {export['seconds']} s, "
                         f"peak {export['peak_rss_mib']} MiB "
                         f"(process before: {export['rss_before_mib']} MiB)")
        else:
            lines.append(f"   export_report: {export.get('error')}")
    lines.append("\n== growth")
    columns = ["scale", "generate_seconds", "max_queries", "uncached_min_ratio", "uncached_max_p99_ms",
               "default_install_min_ratio", "default_install_max_p99_ms", "cached_min_ratio",
               "publishing_max_p99_ms", "stale_after_unpublish",
               "admin_changelist_p50_ms", "export_seconds", "export_peak_mib"]
    lines.append("   " + " ".join(f"{c:>14.14}" for c in columns))
    for row in report["growth"]:
        lines.append("   " + " ".join(f"{_fmt(row[c]):>14.14}" for c in columns))
    if report.get("imports"):
        lines.append("\n== imports")
        lines.append("   " + imports.table(report["imports"]).replace("\n", "\n   "))
    lines.append("\n== targets")
    for t in report["targets"]:
        state = {True: "met", False: "NOT MET", None: "not measured"}[t["met"]]
        lines.append(f"   {t['target']:<40} {_fmt(t['value']):>10}  {state}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="2 s of load per page and 3 admin requests: checks that everything runs")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intl_bench"),
        help="PostgreSQL server and database name prefix (one database per scale), or sqlite:///...")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
                        help="Redis for the cached runs; its database is flushed")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8017")))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=50, help="concurrent wrk clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=None, help="seconds of load per page (default 8)")
    parser.add_argument("--admin-repeat", type=int, default=None)
    parser.add_argument("--cpu-repeat", type=int, default=None,
                        help="requests per page for the CPU figures (default 20; --quick: 3)")
    parser.add_argument("--publish-every", type=float, default=None,
                        help="seconds between changes in the publishing run (default 3; --quick: 0.5)")
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn and wrk")
    parser.add_argument("--load-pages", nargs="+", metavar="PAGE",
                        help="put only these pages under load, e.g. home 'busy city' (default: all)")
    parser.add_argument("--reuse-data", action="store_true",
                        help="keep the databases of an earlier run with the same scales and seed")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--output", type=Path, default=None, help="JSON file (default WORK_DIR/results.json)")
    parser.add_argument("--import-rows", type=int, nargs="+", default=None,
                        help="rows of the import files (default 200 2000 20000; --quick: 200; 0: none)")
    options = parser.parse_args(argv)
    options.import_rows = [rows for rows in (options.import_rows or ([200] if options.quick else
                                                                     [200, 2000, 20000])) if rows > 0]
    options.duration = options.duration or (2 if options.quick else 8)
    options.admin_repeat = options.admin_repeat or (3 if options.quick else 9)
    options.cpu_repeat = options.cpu_repeat or (3 if options.quick else 20)
    options.publish_every = options.publish_every or (0.5 if options.quick else 3.0)
    options.output = options.output or options.work_dir / "results.json"
    options.scales = sorted(options.scales)
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    options.work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report = {"meta": {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(), "python": sys.version.split()[0],
        "git": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip(),
        "options": {k: str(v) for k, v in vars(options).items()},
    }, "scales": []}
    try:
        # The jQuery UI theme CSS names an icon its package lacks, which the manifest storage
        # refuses; the admin only loads jQuery UI's JavaScript.
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            django_env(database_url_for(options.database_url, options.scales[0], options.seed,
                                        options.work_dir), options.work_dir))
        with redis_server(options.redis_url) as redis_url:
            for scale in options.scales:
                report["scales"].append(bench_scale(scale, options, options.work_dir, redis_url))
                # Keep what was measured so far, should a later scale fail.
                options.output.write_text(json.dumps(report, indent=2, default=str) + "\n")
        if options.import_rows:
            report["imports"] = imports.measure(options.import_rows, options.database_url,
                                                options.work_dir / "imports")
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    report["growth"] = growth(report["scales"])
    report["targets"] = check_targets(report["scales"]) + imports.targets(report.get("imports", []))
    report["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    options.output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(table(report))
    print(f"\nWritten to {options.output} in {report['meta']['seconds']} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
