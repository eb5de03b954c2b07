"""`make bench`, search: the query mix, the search storm, and a round right after an import.

Called by bench/run.py during its cold pass (PAGE_CACHE=0), against the same gunicorn.
"""

import contextlib
import itertools
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench import data, wrk
from bench.import_bench import REPORTERS, SOURCE_URL, generate

LONG_QUERY = " ".join(itertools.islice(itertools.cycle(data.WORDS), 60))[:300]


def search_path(query):
    return "/cari/?q=" + urllib.parse.quote(query)


# (kind, query): the commonest words of the bench data, rare ones, and what readers type.
QUERY_MIX = [
    ("common: jember", "jember"),
    ("common: polres", "polres"),
    ("common: kapolres", "kapolres"),
    ("rare word", "sukamaju417"),
    ("rare and common word", "sukamaju58 patroli"),
    ("two words", "razia helm"),
    ("three words", "razia helm pengendara"),
    ("quoted phrase", '"lalu lintas"'),
    ("unit name", "sat lantas"),
    ("typo", "sosialisai"),
    ("empty query", ""),
    ("300 characters", LONG_QUERY),
]
GOAL_P50, GOAL_P99 = 30.0, 100.0
STORM_GOAL = 1.5
# Searches measured right after the import: a word only the imported releases have, and one
# they share with the bench data.
IMPORT_SEARCHES = [
    ("search: pilkada", search_path("pilkada")),
    ("search: jember", search_path("jember")),
]


def measure_mix(base, args):
    """Return {kind: [round results]}: each query alone (one connection), distinct requests."""
    rounds = {kind: [] for kind, _ in QUERY_MIX}
    for number in range(args.rounds):
        for kind, query in QUERY_MIX if number % 2 == 0 else reversed(QUERY_MIX):
            result = wrk.measure(
                base + search_path(query), args.search_seconds, 1, script=(search_path(query),)
            )
            rounds[kind].append(result)
        print(f"cold: search mix, round {number + 1} of {args.rounds} done", flush=True)
    return rounds


def storm(base, probes, args, proxied=None):
    """Measure the probe pages alone, then during a storm of distinct common-word searches.

    The storm goes straight at gunicorn (only the app's own search slots hold it back) and,
    with nginx, through deploy/'s configuration (its search limits refuse it first). The probes
    always ask gunicorn itself: through nginx its micro-cache would answer them.
    """
    words = data.WORDS + ["jember", "polres", "kapolres"]
    queries = "|".join(urllib.parse.quote(f"{a} {b}") for a, b in itertools.permutations(words, 2))
    connections = args.probe_connections or args.connections
    alone = run_probes(base, probes, args.storm_seconds // 2, connections)
    storms = {}
    for target, url in [("app", base), ("nginx", proxied)]:
        if url is None:
            continue
        command = wrk.command(
            url + "/cari/?q=",
            args.storm_seconds,
            args.storm_connections,
            script=("/cari/?q=", queries),
        )
        flood = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            time.sleep(2)  # let the storm build up first
            during = run_probes(base, probes, args.storm_seconds - 4, connections)
        finally:
            out, _ = flood.communicate(timeout=args.storm_seconds + 30)
        storms[target] = during, wrk.parse(out)
        print(f"cold: search storm at the {target} done", flush=True)
    return alone, storms, connections


def run_probes(base, probes, seconds, connections):
    """Run one wrk per probe page, all at the same time; return their results."""
    running = {
        label: subprocess.Popen(
            wrk.command(base + path, seconds, connections, threads=1),
            stdout=subprocess.PIPE,
            text=True,
        )
        for label, path in probes
    }
    return {label: wrk.parse(process.communicate()[0]) for label, process in running.items()}


def import_round(base, probes, args):
    """Import releases without ANALYZE, measure the probes, ANALYZE, measure again."""
    from django.db import connection

    import articles.importers as importers
    from articles.models import Article, Author

    tables = [Article._meta.db_table, Article.authors.through._meta.db_table]
    results = {}
    with tempfile.TemporaryDirectory() as folder, paused_autovacuum(connection, tables):
        generate(Path(folder), args.import_count)
        analyze = importers.analyze_written_tables
        importers.analyze_written_tables = lambda: None  # the ANALYZE step comes separately
        try:
            started = time.monotonic()
            summary = importers.import_paths([folder], unit="bench-polres-jember")
            imported = time.monotonic() - started
        finally:
            importers.analyze_written_tables = analyze
        results["before"] = {
            label: measure_once(base, path, args.search_seconds) for label, path in probes
        }
        started = time.monotonic()
        analyze()
        analyzed = time.monotonic() - started
        results["after"] = {
            label: measure_once(base, path, args.search_seconds) for label, path in probes
        }
        Article.objects.filter(source_url=SOURCE_URL).delete()
        Author.objects.filter(name__in=REPORTERS, articles__isnull=True).delete()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    print(f"cold: import round done ({summary.created} imported)", flush=True)
    return results, summary.created, imported, analyzed


def measure_once(base, path, seconds):
    """Measure a page with one connection; every search distinct, so its count is not cached."""
    return wrk.measure(
        base + path, seconds, 1, script=(path,) if path.startswith("/cari/") else None
    )


@contextlib.contextmanager
def paused_autovacuum(connection, tables):
    """Keep autovacuum from analysing the tables while the bench measures them unanalysed."""

    def switch(on):
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = {on})')

    switch("off")
    try:
        yield
    finally:
        switch("on")


def print_tables(mix, storm_results, import_results):
    print()
    print("| search query | p50 ms | p99 ms | req/s | 503s |")
    print("|---|---:|---:|---:|---:|")
    missed = []
    for kind, _ in QUERY_MIX:
        rounds = mix[kind]
        p50 = statistics.median(r["p50"] for r in rounds)
        p99 = statistics.median(r["p99"] for r in rounds)
        rps = statistics.median(r["rps"] for r in rounds)
        errors = sum(r["errors"] for r in rounds)
        if p50 > GOAL_P50 or p99 > GOAL_P99:
            missed.append(f"search {kind}")
        print(f"| {kind} | {p50:.1f} | {p99:.1f} | {rps:.0f} | {errors} |")
    alone, storms, connections = storm_results
    targets = list(storms)
    print()
    print(
        f"| page ({connections} connections each) | alone p50 / p99 ms | "
        + " | ".join(f"storm at the {t}: p50 / p99 ms | ratio p50" for t in targets)
        + " |"
    )
    print("|---|---:|" + "---:|---:|" * len(targets))
    for label in alone:
        a = alone[label]
        cells = []
        for target in targets:
            d = storms[target][0][label]
            ratio = d["p50"] / a["p50"]
            # The goal holds for the site as deployed: behind nginx when it is there.
            goal = ""
            if target == targets[-1]:
                goal = f" (goal {STORM_GOAL})"
                if ratio > STORM_GOAL:
                    missed.append(f"{label} during the storm")
            cells.append(f"{d['p50']:.1f} / {d['p99']:.1f} | {ratio:.2f}{goal}")
        print(f"| {label} | {a['p50']:.1f} / {a['p99']:.1f} | " + " | ".join(cells) + " |")
    for target in targets:
        flood = storms[target][1]
        answered = flood["requests"] - flood["errors"]
        print(
            f"Storm at the {target}: {flood['requests']} searches, {answered} answered with "
            f"results, {flood['errors']} refused with 503 (p50 {flood['p50']:.1f} ms, "
            f"p99 {flood['p99']:.1f} ms)."
        )
    results, created, imported, analyzed = import_results
    print()
    print(
        f"| right after importing {created} releases | before ANALYZE p50 / p99 ms "
        "| after ANALYZE p50 / p99 ms |"
    )
    print("|---|---:|---:|")
    for label in results["before"]:
        b, a = results["before"][label], results["after"][label]
        print(f"| {label} | {b['p50']:.1f} / {b['p99']:.1f} | {a['p50']:.1f} / {a['p99']:.1f} |")
    print(f"Import {imported:.0f} s, its ANALYZE {analyzed:.1f} s.")
    return missed
