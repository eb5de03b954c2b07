"""Import existing releases: parse files into Releases, then write them (see `import_paths`)."""

import contextlib

from django.db import transaction

import pagecache

from .base import ImportFailure, Release
from .detect import collect_files, read_file
from .writer import ReleaseWriter, Summary
from .wxr import Skipped

# A long export (WXR, JSON Lines) reports progress every so many items, not only per file.
PROGRESS_EVERY = 1000

__all__ = [
    "ImportFailure",
    "Release",
    "ReleaseWriter",
    "Summary",
    "import_paths",
]


def import_paths(
    paths,
    *,
    fmt="auto",
    unit=None,
    status=None,
    encoding=None,
    dry_run=False,
    strict=False,
    batch_size=500,
    progress=None,
    report=None,
):
    """Import every release in paths and return the Summary.

    Each release is written atomically (one transaction per batch, one savepoint per
    release when a batch is refused). With strict, the whole run is one transaction,
    rolled back if anything failed; with dry_run, it is always rolled back.
    Otherwise the batches are independent transactions. progress, if given, is called as
    progress(files done, files in all, releases seen).
    """
    files, failures = collect_files(paths)
    writer = ReleaseWriter(unit=unit, status=status, batch_size=batch_size, report=report)
    for failure in failures:
        writer.fail(failure)
    whole_run = strict or dry_run
    seen = 0
    try:
        with transaction.atomic() if whole_run else contextlib.nullcontext():
            for number, path in enumerate(files, start=1):
                try:
                    for item in read_file(path, fmt, encoding):
                        seen += 1
                        if isinstance(item, Release):
                            writer.add(item)
                        elif isinstance(item, Skipped):
                            writer.skip()
                        else:
                            writer.fail(item)
                        if progress and seen % PROGRESS_EVERY == 0:
                            progress(number - 1, len(files), seen)
                except ImportFailure as failure:
                    writer.fail(failure)
                if progress:
                    progress(number, len(files), seen)
            writer.close()
            summary = writer.summary
            summary.rolled_back = dry_run or (strict and summary.failed > 0)
            if summary.rolled_back:
                transaction.set_rollback(True)
    finally:
        writer.stop()
    if summary.written and not summary.rolled_back:
        pagecache.invalidate()
    return summary
