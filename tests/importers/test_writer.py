import contextlib
import datetime
import json
import threading
import zoneinfo

import pytest
from django.db import DatabaseError, connection, connections

from articles import importers
from articles.importers import import_paths, writer
from articles.models import Article, Author, Unit

from .conftest import SEEDS
from .test_import_releases import RELEASE

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def test_a_batch_is_written_in_chunks_and_a_refused_release_fails_alone(units, monkeypatch, write):
    monkeypatch.setattr(writer, "INSERT_ROWS", 2)
    Article.objects.create(
        title="Patroli Subuh",
        slug="patroli-subuh",
        body="<p>Sudah ada.</p>",
        unit=Unit.objects.get(slug="polres-jember"),
        status="published",
        published_at=datetime.datetime(2024, 9, 1, 5, 0, tzinfo=WIB),
    )
    records = [
        {"title": f"Patroli {n}", "body": f"<p>Isi {n}.</p>", "published_at": "2024-09-01"}
        for n in range(1, 8)
    ]
    records[3]["slug"] = "patroli-subuh"
    lines = [json.dumps(record) for record in records]
    summary = import_paths([write("rilis.jsonl", "\n".join(lines))], batch_size=10)
    assert (summary.created, summary.failed) == (6, 1)
    assert summary.failures[0].endswith(
        "baris 4: slug 'patroli-subuh' sudah dipakai pada tanggal itu"
    )
    assert Article.objects.count() == 7


@pytest.fixture
def refused_title():
    """The database refuses articles whose title starts with "Ditolak", as a constraint would."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f'ALTER TABLE "{table}" ADD CONSTRAINT test_refused_title '
                "CHECK (title NOT LIKE 'Ditolak%')"
            )
        else:
            cursor.execute(
                f'CREATE TRIGGER test_refused_title BEFORE INSERT ON "{table}" '
                "WHEN NEW.title LIKE 'Ditolak%' "
                "BEGIN SELECT RAISE(ABORT, 'judul ditolak'); END"
            )


def test_a_chunk_the_database_refuses_is_written_again_one_release_at_a_time(
    units, refused_title, write
):
    records = [
        {"title": f"Patroli {n}", "body": f"<p>Isi {n}.</p>", "published_at": "2024-09-01"}
        for n in range(1, 6)
    ]
    records[2]["title"] = "Ditolak Patroli 3"
    summary = import_paths([write("rilis.jsonl", "\n".join(map(json.dumps, records)))])
    assert (summary.created, summary.failed) == (4, 1)
    assert "rilis.jsonl, baris 3: ditolak basis data: " in summary.failures[0]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Patroli 1",
        "Patroli 2",
        "Patroli 4",
        "Patroli 5",
    ]


def test_rows_another_import_wrote_after_the_look_up_end_as_unchanged(units, monkeypatch):
    """Two imports of the same files: the second finds the first's rows only on insert."""
    assert import_paths([SEEDS]).created == 2
    looked_up, look_up = [], writer.existing_rows

    def too_early(keys):
        looked_up.append(keys)
        return {} if len(looked_up) == 1 else look_up(keys)

    monkeypatch.setattr(writer, "existing_rows", too_early)
    summary = import_paths([SEEDS])
    assert (summary.created, summary.unchanged, summary.failed) == (0, 2, 0)
    assert len(looked_up) == 3  # the chunk, then each release again
    assert Article.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections writing at once: PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_an_import_running_alongside_another_ends_with_updates_not_an_error(units, monkeypatch):
    """The other import commits the same releases between this one's look-up and insert.

    The run's lock keeps two import_releases apart; the writer still copes with rows another
    writer commits meanwhile (an editor, a script calling write_releases), as here without it.
    """
    monkeypatch.setattr(importers, "import_lock", lambda wait=False: contextlib.nullcontext())
    other = []

    def run_the_other_import():
        try:
            other.append(import_paths([SEEDS]))
        finally:
            connections.close_all()

    def other_import_after_the_look_up(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if '"import_key" IN' in sql and not other:
            thread = threading.Thread(target=run_the_other_import)
            thread.start()
            thread.join()
        return result

    with connection.execute_wrapper(other_import_after_the_look_up):
        summary = import_paths([SEEDS])
    assert other[0].created == 2
    assert (summary.created, summary.unchanged, summary.failed) == (0, 2, 0)
    assert Article.objects.count() == 2 and Author.objects.count() == 1


def test_a_batch_whose_commit_fails_is_reported_and_leaves_no_cached_reporter(units, write):
    """The next batch must not link the reporter row that the failed batch created."""
    write("a.txt", RELEASE)
    folder = write("b.txt", RELEASE.replace("Dua", "Tiga")).parent
    releases = []

    def refuse_the_first_commit(execute, sql, params, many, context):
        if sql.startswith("RELEASE SAVEPOINT"):
            releases.append(sql)
            if len(releases) == 2:  # the chunk's savepoint, then the batch's
                raise DatabaseError("simulated commit failure")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_first_commit):
        summary = import_paths([folder], batch_size=1)
    assert (summary.created, summary.failed) == (1, 1)
    assert summary.failures[0].endswith("a.txt: ditolak basis data: simulated commit failure")
    article = Article.objects.get()
    assert article.title == "Polsek Kaliwates Amankan Tiga Pelaku Curanmor"
    assert [author.name for author in article.authors.all()] == ["Siswandi"]
