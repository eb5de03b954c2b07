"""Outside a transaction, batches are written by a second thread on its own connection."""

import pytest
from django.db import connection

from articles.importers import can_write_in_background, import_paths
from articles.models import Article, Author

from .conftest import DATA, SEEDS
from .test_import_releases import RELEASE

pytestmark = pytest.mark.django_db(transaction=True)


def test_background_writing_is_used_where_another_connection_sees_the_same_data(units):
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    assert can_write_in_background() is not in_memory


def test_background_writer_gives_the_same_results_and_stays_idempotent(units, write):
    for number in range(12):
        write(f"rilis-{number:02d}.txt", RELEASE.replace("Dua", f"{number + 2}"))
    write("salinan.txt", RELEASE.replace("Dua", "2"))
    folder = write("x.txt", RELEASE.replace("Dua", "2")).parent
    summary = import_paths([folder, SEEDS, DATA / "wxr"], batch_size=5)
    assert (summary.created, summary.unchanged, summary.failed) == (18, 2, 0)
    assert Article.objects.count() == 18
    assert Author.objects.filter(name="Siswandi").count() == 1

    again = import_paths([folder, SEEDS, DATA / "wxr"], batch_size=5)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)


def test_background_writer_reports_failures_and_writes_the_rest(units, write):
    write("a.txt", RELEASE)
    write("b.txt", "Judul Saja\n")
    summary = import_paths([write("c.txt", RELEASE.replace("Dua", "Tiga")).parent], batch_size=1)
    assert (summary.created, summary.failed) == (2, 1)
    assert summary.failures[0].endswith("b.txt: tidak ada isi rilis setelah judul")
