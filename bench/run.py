"""`make bench`: serve the bench database with gunicorn and measure each kind of public page.

It needs PostgreSQL (BENCH_DATABASE_URL, by default the database newsroom_bench, created and
filled once), Redis (BENCH_REDIS_URL, by default database 7 of the local Redis, emptied before
each pass) and wrk, the HTTP load generator (Debian: `apt-get install wrk`). Two passes, each with its own
gunicorn started from gunicorn.conf.py: cold (PAGE_CACHE=0) and warm (the page cache on). Every
page is compared with two bare views served by the same gunicorn in the same pass: a 20-item
release list rendered from memory (the template ceiling) and HttpResponse("ok"). The cold pass
also measures search (bench/search_bench.py): the query mix one request at a time, a storm of
distinct common-word searches while home and a release page are measured (straight at gunicorn,
then through nginx configured by deploy/nginx/, when nginx is installed), and a round right
after an import, before and after its ANALYZE.
"""

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench import proxy, wrk

BASE_DIR = Path(__file__).resolve().parent.parent
# Its own database and Redis database, never the site's: it fills the one and empties the other.
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
BENCH_REDIS_URL = "redis://127.0.0.1:6379/7"
DEFAULTS = {
    "SECRET_KEY": "bench-only-insecure-key",
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}
OK, CEILING = 'HttpResponse("ok")', "template ceiling"
# Goals of issue 5: cold pages against the template ceiling, warm pages against "ok".
COLD_GOALS = {"home": 0.50, "release page": 0.45, "tag page": 0.40, "home page 5000": 0.40}
WARM_GOAL = 0.50
# Pages whose latency the search storm must leave alone (issue 12).
STORM_PROBES = ("home", "release page")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="measuring time per page")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--search-seconds", type=int, default=3, help="time per search query")
    parser.add_argument("--storm-seconds", type=int, default=30, help="length of the storm")
    parser.add_argument("--storm-connections", type=int, default=64)
    parser.add_argument(
        "--probe-connections",
        type=int,
        help="connections per page measured beside the storm (default: --connections, as the "
        "page table measures them)",
    )
    parser.add_argument("--import-count", type=int, default=5000, help="releases imported")
    parser.add_argument("--no-search", action="store_true", help="pages only")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data-only", action="store_true", help="only create and fill the DB")
    args = parser.parse_args()
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", BENCH_DATABASE_URL)
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", BENCH_REDIS_URL)
    if not args.data_only and not shutil.which("wrk"):
        sys.exit("make bench needs wrk, the HTTP load generator: apt-get install wrk")
    prepare_database()
    if args.data_only:
        return
    pages = pick_pages()
    from bench import search_bench  # its query mix reads the bench data's words: after setup

    results, searches = {}, {}
    for mode in ("cold", "warm"):
        results[mode] = measure_pass(mode, pages, args, searches, search_bench)
    failed = print_table(pages, results, args)
    if searches:
        failed += search_bench.print_tables(**searches)
    print("Goals missed: " + (", ".join(failed) if failed else "none"))


def prepare_database():
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        sys.exit(f"BENCH_DATABASE_URL must point at PostgreSQL, not {url.scheme!r}")
    import psycopg

    name = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    from bench.data import fill

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    fill()


def pick_pages():
    """Return (label, path) of the pages to measure, chosen from the bench data."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Unit

    published = Article.objects.published().filter(import_key__startswith="bench-")
    release = published.order_by("-published_at", "-id")[1000]
    tag = (
        Tag.objects.filter(slug__startswith="bench-tag-")
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses")[9]
    )
    unit = Unit.objects.filter(slug__startswith="bench-polres-").order_by("slug").first()
    return [
        (OK, "/_bench/ok/"),
        (CEILING, "/_bench/template/"),
        ("home", "/"),
        ("home page 5000", "/?page=5000"),
        ("release page", release.get_absolute_url()),
        ("tag page", f"/tag/{tag.slug}/"),
        ("unit page", unit.get_absolute_url()),
        ("feed", "/feed/"),
        ("Atom feed", "/feed/atom/"),
        ("tag feed", f"/tag/{tag.slug}/feed/"),
        ("unit feed", f"{unit.get_absolute_url()}feed/"),
    ]


def measure_pass(mode, pages, args, searches, search_bench):
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {**os.environ, "PORT": str(args.port), "PAGE_CACHE": "1" if mode == "warm" else "0"}
    base = f"http://127.0.0.1:{args.port}"
    log = open(BASE_DIR / "bench" / f"gunicorn-{mode}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(base + "/_bench/ok/")
        for label, path in pages:
            status, size = fetch(base + path)
            if status != 200:
                sys.exit(f"{mode} pass: {label} ({path}) answered {status}, not 200")
            print(f"{mode}: {label:18} {path} ({size} bytes)", flush=True)
        for _, path in pages:  # warm-up: workers, caches, database connections
            measure(base + path, 2, args.connections)
        # Rounds, every page once per round and in alternating order, so that the machine's
        # ups and downs fall on all pages alike; the table shows the medians.
        rounds = {label: [] for label, _ in pages}
        for number in range(args.rounds):
            for label, path in pages if number % 2 == 0 else reversed(pages):
                rounds[label].append(measure(base + path, args.seconds, args.connections))
            print(f"{mode}: round {number + 1} of {args.rounds} done", flush=True)
        if mode == "cold" and not args.no_search:
            # Search is measured cold only: a warm search is a page cache hit like any page.
            probes = [(label, path) for label, path in pages if label in STORM_PROBES]
            searches["mix"] = search_bench.measure_mix(base, args)
            with contextlib.ExitStack() as stack:
                proxied = None
                if proxy.available():
                    proxied = stack.enter_context(proxy.nginx_in_front(args.port, args.port + 1))
                else:
                    print("cold: no nginx; the storm goes at gunicorn only", flush=True)
                searches["storm_results"] = search_bench.storm(base, probes, args, proxied)
            searches["import_results"] = search_bench.import_round(
                base, [*probes, *search_bench.IMPORT_SEARCHES], args
            )
        return rounds
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def wait_until_up(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer {url}; see bench/gunicorn-*.log")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def measure(url, seconds, connections):
    result = wrk.measure(url, seconds, connections)
    if result["errors"]:
        sys.exit(f"{url}: {result['errors']} responses were errors")
    return result


def summary(rounds, ceiling):
    """Return the medians of requests/s, p50 and p99, and of the ratio to the ceiling per round."""
    return {
        "rps": statistics.median(r["rps"] for r in rounds),
        "p50": statistics.median(r["p50"] for r in rounds),
        "p99": statistics.median(r["p99"] for r in rounds),
        "ratio": statistics.median(
            r["rps"] / c["rps"] for r, c in zip(rounds, ceiling, strict=True)
        ),
    }


def print_table(pages, results, args):
    rows = [
        "| page | cold req/s | p50 ms | p99 ms | cold / template ceiling | warm req/s "
        "| p50 ms | p99 ms | warm / ok |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    failed = []
    for label, _ in pages:
        c = summary(results["cold"][label], results["cold"][CEILING])
        w = summary(results["warm"][label], results["warm"][OK])
        cold_goal = COLD_GOALS.get(label)
        goal = ""
        if cold_goal:
            goal = f" (goal {cold_goal:.2f})"
            if c["ratio"] < cold_goal:
                failed.append(f"cold {label}")
        if label not in (OK, CEILING) and w["ratio"] < WARM_GOAL:
            failed.append(f"warm {label}")
        rows.append(
            f"| {label} | {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} "
            f"| {c['ratio']:.2f}{goal} | {w['rps']:.0f} | {w['p50']:.1f} | {w['p99']:.1f} "
            f"| {w['ratio']:.2f} |"
        )
    workers = os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() * 2 + 1))
    print()
    print("\n".join(rows))
    print()
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; gunicorn.conf.py with {workers} sync workers; "
        f"wrk -t2 -c{args.connections} on the same machine, {args.rounds} rounds of "
        f"{args.seconds} s per page after 2 s of warm-up; medians, ratios taken within each round."
    )
    return failed


if __name__ == "__main__":
    main()
