"""How many workers renew the page cache's marker when a scheduled release comes due.

Run: REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/marker_bench.py [workers] [rounds]

Each round stores a marker that has just gone stale (its scheduled time has come), then lets
the workers, separate processes sharing the Redis cache as app nodes do, ask for the marker at
the same moment. Looking up the next scheduled release is simulated as a 2 ms query. Printed:
renewals and distinct new tokens per round, with the lock (pagecache.marker.refresh) and
without it (every worker renews, as before).
"""

import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY_SECONDS = 0.002


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("CACHE_KEY_PREFIX", f"marker-bench-{os.getppid()}")
    import django

    django.setup()
    from pagecache import marker

    marker.set_schedule(lambda: time.sleep(QUERY_SECONDS))
    return marker


def worker(locked, barrier, results):
    marker = setup()
    renewed = []
    renew = marker.renew

    def counting_renew():
        renewed.append(1)
        return renew()

    marker.renew = counting_renew
    if not locked:
        marker.refresh = lambda stale: marker.renew()
    barrier.wait()
    results.put((marker.current().token, len(renewed)))


def round_of(workers, locked):
    marker = setup()
    stale = marker.Marker("stale", time.time() - 60, time.time() - 1)
    marker.cache.set(marker.KEY, stale, timeout=None)
    barrier, results = multiprocessing.Barrier(workers), multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=worker, args=(locked, barrier, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    found = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join()
    return sum(count for _, count in found), len({token for token, _ in found})


def main():
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: the workers must share a Redis, as app nodes do.")
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for locked in (False, True):
        outcomes = [round_of(workers, locked) for _ in range(rounds)]
        label = "with the lock   " if locked else "without the lock"
        print(
            f"{label}: {workers} workers, renewals per round "
            f"{[r for r, _ in outcomes]}, distinct new tokens {[t for _, t in outcomes]}"
        )


if __name__ == "__main__":
    main()
