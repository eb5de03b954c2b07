"""Outside a transaction, every batch is its own transaction, written in chunks."""

import pytest

from articles.importers import import_paths
from articles.models import Article, Author

from .conftest import DATA, SEEDS
from .test_import_releases import RELEASE

pytestmark = pytest.mark.django_db(transaction=True)


def test_separate_batches_give_the_same_results_and_stay_idempotent(units, write):
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


def test_separate_batches_report_failures_and_write_the_rest(units, write):
    write("a.txt", RELEASE)
    write("b.txt", "Judul Saja\n")
    summary = import_paths([write("c.txt", RELEASE.replace("Dua", "Tiga")).parent], batch_size=1)
    assert (summary.created, summary.failed) == (2, 1)
    assert summary.failures[0].endswith("b.txt: tidak ada isi rilis setelah judul")
