"""Benchmark of import_releases: 20,000 releases in the layout of seed 000.

Usage: make bench-import (or DATABASE_URL=... python bench/import_bench.py [--count N]).
Generates the releases into a temporary folder, then, for each batch size, imports
them in a fresh process into the database of DATABASE_URL (migrated first) and
imports them again (all unchanged), printing releases per second of wall time and
of CPU time (the importer's plus, for a local PostgreSQL, its backend's), and the
peak memory of that process. The releases it wrote, and reporters it created, are
deleted afterwards.
"""

import argparse
import json
import os
import pathlib
import random
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE_URL = "http://bench.polres.id"
UNITS = ["Polres Jember", "Polsek Kaliwates", "Polsek Patrang", "Satlantas Polres Jember"]
ACTIONS = [
    "Gelar Patroli Dialogis di",
    "Amankan Kegiatan Warga di",
    "Salurkan Bantuan Sosial di",
    "Sosialisasi Tertib Lalu Lintas di",
    "Kawal Distribusi Logistik Pilkada di",
]
PLACES = [
    "Pasar Tanjung",
    "Alun-alun Jember",
    "Kecamatan Ajung",
    "Desa Sukorambi",
    "Terminal Tawang Alun",
]
# Names no real reporter has, so the clean-up cannot touch real authors.
REPORTERS = ["Uji Siswandi", "Uji Dewi Lestari", "Uji Budi Santoso", "Uji Rina Wulandari"]
SENTENCES = [
    "Kegiatan ini dilaksanakan untuk menjaga situasi kamtibmas tetap aman dan kondusif.",
    "Personel memberikan imbauan kepada warga agar selalu waspada terhadap tindak kejahatan.",
    '"Kami hadir untuk memastikan masyarakat merasa aman," ujar Kapolres Jember.',
    "Warga menyambut baik kegiatan tersebut dan berharap kegiatan serupa rutin dilakukan.",
    "Selain itu, petugas juga melakukan pengecekan di titik-titik yang dinilai rawan.",
    "Kegiatan berlangsung tertib hingga selesai tanpa kendala berarti.",
    "Polres Jember mengajak seluruh elemen masyarakat untuk bersinergi menjaga keamanan.",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def release_text(number, rng):
    """Return release number `number` in seed 000's layout."""
    unit = rng.choice(UNITS)
    title = f"{unit} {rng.choice(ACTIONS)} {rng.choice(PLACES)} ({number})"
    day, month, hour = rng.randint(1, 28), rng.randint(1, 12), rng.randint(6, 21)
    paragraphs = [
        f"Jember, - {unit} melaksanakan kegiatan ke-{number} di {rng.choice(PLACES)}. "
        f"{rng.choice(SENTENCES)}"
    ]
    paragraphs += [" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(4, 7))]
    paragraphs[-1] += " (AR)"
    return (
        f"\n\n# POLRES\n\n## {title}\n\n"
        f"{rng.choice(REPORTERS)} - [BENCH.POLRES.ID]({SOURCE_URL.upper()})\n\n"
        f"{MONTHS[month - 1]} {day}, {rng.randint(2019, 2024)} - {hour:02d}:{rng.randint(0, 59):02d}"
        "\n\n\n\n" + "\n\n".join(paragraphs)
    )


def generate(folder, count):
    rng = random.Random(20240830)
    for number in range(count):
        sub = folder / f"{number // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{number:05d}.txt").write_text(release_text(number, rng), encoding="utf-8")


def process_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def database_cpu_reader(connection):
    """Return a function giving the CPU seconds of this connection's PostgreSQL backend.

    Only when the server runs on this machine (its /proc is readable); else 0.
    The figure, with the importer's own CPU time, gives a rate that does not depend
    on what else the machine is doing.
    """
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = pathlib.Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def read():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks

    return read


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def cleanup():
    """Migrate, make sure units exist, and remove what an earlier bench run left."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article, Author, Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("loaddata", "units", verbosity=0)
    Article.objects.filter(source_url=SOURCE_URL).delete()
    Author.objects.filter(name__in=REPORTERS, articles__isnull=True).delete()
    if connection.vendor == "postgresql":
        # Without autovacuum, the rows of every earlier run stay as dead tuples: the
        # tables and their indexes grow, run after run, and each run measures a
        # slower database than the last. Reclaim them, and refresh the statistics.
        with connection.cursor() as cursor:
            for table in (Article._meta.db_table, Article.authors.through._meta.db_table):
                cursor.execute(f'VACUUM ANALYZE "{table}"')


def child(folder, batch_size):
    """Import the folder twice in this process; print the figures as JSON."""
    setup_django()
    from django.db import connection

    from articles.importers import import_paths

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"batch_size": batch_size, "vendor": connection.vendor}
    # The one connection's backend does all the database work: its CPU time can be read.
    database_cpu = database_cpu_reader(connection)
    for run in ("first", "again"):
        started, cpu, db_cpu = time.perf_counter(), process_cpu(), database_cpu()
        summary = import_paths([folder], batch_size=batch_size)
        seconds = time.perf_counter() - started
        cpu, db_cpu = process_cpu() - cpu, database_cpu() - db_cpu
        total = summary.created + summary.updated + summary.unchanged
        figures[run] = {
            "created": summary.created,
            "unchanged": summary.unchanged,
            "failed": summary.failed,
            "seconds": round(seconds, 2),
            "per_second": round(total / seconds),
            "cpu_seconds": round(cpu, 2),
            "database_cpu_seconds": round(db_cpu, 2),
            "per_cpu_second": round(total / (cpu + db_cpu)),
        }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["baseline_mib"] = round(baseline / 1024, 1)
    figures["peak_mib"] = round(peak / 1024, 1)
    print(json.dumps(figures))


def run_child(*args):
    result = subprocess.run(
        [sys.executable, __file__, *map(str, args)], check=True, capture_output=True, text=True
    )
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--batch-sizes", default="100,500,2000")
    parser.add_argument("--child", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=500, help=argparse.SUPPRESS)
    parser.add_argument("--cleanup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cleanup:
        cleanup()
        return
    if args.child:
        child(pathlib.Path(args.child), args.batch_size)
        return
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        folder = pathlib.Path(tmp)
        started = time.perf_counter()
        generate(folder, args.count)
        print(
            f"{args.count} rilis dibuat di folder sementara ({time.perf_counter() - started:.1f} s)"
        )
        print(
            "batch | impor pertama: rilis/s (detik) | impor ulang: rilis/s | "
            "memori puncak (awal) | impor pertama, CPU: importir + PostgreSQL = rilis/detik CPU"
        )
        for size in map(int, args.batch_sizes.split(",")):
            run_child("--cleanup")
            figures = run_child("--child", folder, "--batch-size", size)
            first, again = figures["first"], figures["again"]
            if first["failed"] or first["created"] != args.count:
                sys.exit(f"impor tidak lengkap: {figures}")
            print(
                f"{size:>5} | {first['per_second']:>6} ({first['seconds']} s) | "
                f"{again['per_second']:>6} | {figures['peak_mib']} MiB "
                f"({figures['baseline_mib']} MiB) | {first['cpu_seconds']} s + "
                f"{first['database_cpu_seconds']} s = {first['per_cpu_second']}",
                flush=True,
            )
        run_child("--cleanup")
        print(f"basis data: {figures['vendor']}; beban mesin: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
