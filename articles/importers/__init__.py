"""Import existing releases: parse files into Releases, then write them (see `import_paths`)."""

import contextlib
import csv
import datetime
import fcntl
import itertools
import os
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Unit

from .base import ImportFailure, Release
from .detect import collect_files, read_file
from .writer import ReleaseWriter, Summary, write_releases
from .wxr import Skipped

# A long export (WXR, JSON Lines) reports progress every so many items, not only per file.
PROGRESS_EVERY = 1000

__all__ = [
    "ImportFailure",
    "Release",
    "ReleaseWriter",
    "Summary",
    "import_paths",
    "read_files",
    "import_lock",
    "write_releases",
]


def import_paths(
    paths: Iterable[str | os.PathLike],
    *,
    fmt: str = "auto",
    unit: Unit | str | None = None,
    status: str | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    strict: bool = False,
    batch_size: int = 500,
    progress: Callable[[int, int, int], None] | None = None,
    report: Callable[[str], None] | None = None,
    year: int | None = None,
    date: datetime.datetime | None = None,
    create_units: bool = False,
    publish_unsure: bool = False,
    media: str | os.PathLike | None = None,
    notify: Callable[[str, str], None] | None = None,
    wait: bool = False,
    report_file: str | os.PathLike | None = None,
) -> Summary:
    """Import every release in paths and return the Summary.

    Files are read one at a time as the writer asks for releases. Each release is
    written atomically (one transaction per batch, one savepoint per release when a
    batch is refused). With strict, the whole run is one transaction, rolled back if
    anything failed; with dry_run, it is always rolled back. Otherwise the batches
    are independent transactions. progress, if given, is called as
    progress(files done, files in all, releases seen).

    Text releases: year dates a year-less "Senin (21/8)"; date is the publication
    date of the one file given (refused for more); with create_units, a unit a
    release names that is not in the database is created (see UnitMatcher.create).
    A release the importer is unsure of is written for review unless publish_unsure; notify,
    if given, is called as notify(kind, line) for each note and failure as it happens. media
    is a copy of a WordPress site's wp-content/uploads (WXR photos). One import runs at a
    time per database: another one waits (wait) or is refused with ImportFailure. report_file,
    if given, receives the CSV report (see write_report), row by row as releases are done.
    """
    if media is not None and not os.path.isdir(media):
        raise ImportFailure("folder --media tidak ada", str(media))
    files, others = collect_files(paths)
    failures = [item for item in others if isinstance(item, ImportFailure)]
    if date is not None and len(files) + len(failures) != 1:
        raise ImportFailure(f"--date hanya untuk satu berkas, bukan {len(files)} berkas")
    with import_lock(wait=wait), report_writer(report_file) as row:
        writer = ReleaseWriter(
            unit=unit,
            status=status,
            batch_size=batch_size,
            report=report,
            publish_unsure=publish_unsure,
            create_units=create_units,
            notify=notify,
            row=row,
        )
        media_folder = str(media) if media else None
        items = itertools.chain(
            others,
            read_files(files, fmt, encoding, progress, media_folder, year=year, date=date),
        )
        with transaction.atomic() if strict or dry_run else contextlib.nullcontext():
            summary = writer.write(items)
            summary.rolled_back = dry_run or (strict and summary.failed > 0)
            if summary.rolled_back:
                transaction.set_rollback(True)
    if summary.written and not summary.rolled_back:
        analyze_written_tables()
    return summary


def analyze_written_tables() -> None:
    """Refresh PostgreSQL's statistics of the tables an import writes, before readers come.

    Autovacuum would get there in its own time; until then, plans made for the tables as they
    were before the import (a handful of rows) can cost seconds per search or page.
    """
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (Article, Article.authors.through, Author, Tag, TaggedItem)
    ]
    tables.append("articles_searchword")  # migration 0005: the words typos are matched against
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


# The advisory lock's key: any number no other part of the site locks on.
LOCK_KEY = zlib.crc32(b"newsroom import_releases")
MEMORY_LOCK = threading.Lock()


@contextlib.contextmanager
def import_lock(wait: bool = False):
    """Hold the lock of the import for the run: two imports at once would race on keys and slugs.

    PostgreSQL: a session advisory lock. SQLite: an exclusive lock on a file beside the
    database. Another import holding it: wait for it (wait), else raise ImportFailure.
    """
    busy = "impor lain sedang berjalan pada basis data ini; tunggu sampai selesai lalu ulangi"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            else:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                if not cursor.fetchone()[0]:
                    raise ImportFailure(busy)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite":
        yield
        return
    if name == ":memory:" or "mode=memory" in name:
        # A database in memory lives in this process only: a lock of the process will do.
        if not MEMORY_LOCK.acquire(blocking=wait):
            raise ImportFailure(busy)
        try:
            yield
        finally:
            MEMORY_LOCK.release()
        return
    with open(name + ".import-lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise ImportFailure(busy) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


REPORT_COLUMNS = ["berkas", "hasil", "judul", "satuan", "tanggal", "catatan"]


@contextlib.contextmanager
def report_writer(path: str | os.PathLike | None):
    """Yield a function writing one report row to the CSV file at path (None: no report).

    One row per release: file (and item or line), outcome, title, unit, date, notes. Rows
    are written as releases are done, so a long import holds none of them in memory.
    """
    if path is None:
        yield None
        return
    try:
        stream = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        raise ImportFailure(f"laporan tidak dapat ditulis: {error.strerror}", str(path)) from None
    with stream:
        writer = csv.writer(stream)
        writer.writerow(REPORT_COLUMNS)
        yield writer.writerow


def read_files(
    files: list[str],
    fmt: str = "auto",
    encoding: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    media: str | None = None,
    *,
    year: int | None = None,
    date: datetime.datetime | None = None,
) -> Iterator[Release | Skipped | ImportFailure]:
    """Yield the items of each file in turn; a file that cannot be read is one ImportFailure."""
    seen = 0
    for number, path in enumerate(files, start=1):
        try:
            for item in read_file(path, fmt, encoding, media, year=year, date=date):
                seen += 1
                yield item
                if progress and seen % PROGRESS_EVERY == 0:
                    progress(number - 1, len(files), seen)
        except ImportFailure as failure:
            yield failure
        if progress:
            progress(number, len(files), seen)
