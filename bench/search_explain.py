"""EXPLAIN (ANALYZE, BUFFERS) of the search queries of each kind of the mix, on the bench data.

Usage: BENCH_DATABASE_URL=... python -m bench.search_explain [--window N] [--kind TEXT]
Prints, for each query kind, the plans of the count and of the first page, then the time
of the whole search (count, first page, and the estimate or the suggestion) in this process,
the median and slowest of a few runs.
"""

import argparse
import os
import statistics
import time

BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULTS = {
    "SECRET_KEY": "bench-only-insecure-key",
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=int, help="RANK_WINDOW to try")
    parser.add_argument("--kind", help="only the query kinds containing this text")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quiet", action="store_true", help="times only, no plans")
    args = parser.parse_args()
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ["PAGE_CACHE"] = "0"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", BENCH_DATABASE_URL)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from articles import search
    from articles.models import Article
    from bench.search_bench import QUERY_MIX

    if args.window:
        search.RANK_WINDOW = args.window
    client = Client(HTTP_HOST="localhost")
    published = Article.objects.published().select_related("unit")
    for kind, query in QUERY_MIX:
        if args.kind and args.kind not in kind:
            continue
        found = search.find(published, query)
        print(f"## {kind}: {search.clean_query(query)[:60]!r}")
        if not args.quiet and search.clean_query(query):
            mode = "newest first" if found.estimated else "ranked"
            print(f"({mode}; planner's estimate of the matches: {found.estimated})")
            queries = [("first page", found.results[:20])]
            if not found.estimated:
                queries.insert(0, ("count", found.results))
            for label, queryset in queries:
                if label == "count":
                    sql, params = queryset.order_by().values("pk").query.sql_with_params()
                    sql = f"SELECT count(*) FROM ({sql}) AS matches"
                else:
                    sql, params = queryset.query.sql_with_params()
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    print(f"### {label}")
                    print("\n".join(row[0] for row in cursor.fetchall()))
        times = []
        for run in range(args.runs):
            started = time.perf_counter()
            response = client.get("/cari/", {"q": query, "n": f"{time.time()}-{run}"})
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"=> {kind}: HTTP {response.status_code}, median {statistics.median(times):.1f} ms, "
            f"slowest {max(times):.1f} ms in process (window {search.RANK_WINDOW})\n",
            flush=True,
        )


if __name__ == "__main__":
    main()
