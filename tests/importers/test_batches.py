"""Outside a transaction, every batch is its own transaction, written in chunks."""

import json

import pytest

from articles.importers import import_paths
from articles.models import Article, Author
from pagecache import marker as markers

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


def releases_jsonl(version, count=10):
    return "".join(
        json.dumps(
            {
                "title": f"Patroli Wilayah {n} {version}",
                "body": f"<p>Patroli ke-{n}, versi {version}.</p>",
                "published_at": f"2025-01-{n % 9 + 1:02d}T10:00:00+07:00",
                "unit": "polres-jember",
                "authors": ["Bripka Andi", "Briptu Sari"],
                "tags": ["patroli", "jember"],
                "source_url": f"https://humas.example.id/rilis/{n}",
            }
        )
        + "\n"
        for n in range(count)
    )


@pytest.fixture
def renewals(monkeypatch):
    """Count the page cache's markers made: each makes every worker render pages again."""
    made, renew = [], markers.renew

    def counting_renew():
        made.append(1)
        return renew()

    monkeypatch.setattr(markers, "renew", counting_renew)
    return made


def test_an_import_renews_the_page_cache_once_per_committed_batch(
    units, write, committed, renewals
):
    path = write("rilis.jsonl", releases_jsonl("a"))
    with committed():
        assert import_paths([path], batch_size=4).created == 10
    assert len(renewals) == 3  # batches of 4, 4 and 2
    renewals.clear()
    write("rilis.jsonl", releases_jsonl("b"))
    with committed():
        assert import_paths([path]).updated == 10  # saved one by one, with their signals
    assert len(renewals) == 1


def test_an_import_that_changes_nothing_or_is_rolled_back_renews_nothing(
    units, write, committed, renewals
):
    path = write("rilis.jsonl", releases_jsonl("a"))
    with committed():
        import_paths([path])
    renewals.clear()
    with committed():
        assert import_paths([path]).unchanged == 10
        write("rilis.jsonl", releases_jsonl("b"))
        assert import_paths([path], dry_run=True).updated == 10
    assert renewals == []
    assert Article.objects.filter(title__endswith=" b").count() == 0
