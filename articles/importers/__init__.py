"""Import existing releases: parse files into Releases, then write them (see `import_paths`)."""

import contextlib
import datetime
import itertools
import os
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
    """
    files, failures = collect_files(paths)
    if date is not None and len(files) + len(failures) != 1:
        raise ImportFailure(f"--date hanya untuk satu berkas, bukan {len(files)} berkas")
    writer = ReleaseWriter(
        unit=unit,
        status=status,
        batch_size=batch_size,
        report=report,
        create_units=create_units,
    )
    items = itertools.chain(
        failures, read_files(files, fmt, encoding, progress, year=year, date=date)
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


def read_files(
    files: list[str],
    fmt: str = "auto",
    encoding: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    *,
    year: int | None = None,
    date: datetime.datetime | None = None,
) -> Iterator[Release | Skipped | ImportFailure]:
    """Yield the items of each file in turn; a file that cannot be read is one ImportFailure."""
    seen = 0
    for number, path in enumerate(files, start=1):
        try:
            for item in read_file(path, fmt, encoding, year=year, date=date):
                seen += 1
                yield item
                if progress and seen % PROGRESS_EVERY == 0:
                    progress(number - 1, len(files), seen)
        except ImportFailure as failure:
            yield failure
        if progress:
            progress(number, len(files), seen)
