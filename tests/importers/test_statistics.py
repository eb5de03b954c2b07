"""After an import that wrote releases, PostgreSQL's statistics are fresh (ANALYZE)."""

import pytest
from django.db import connection

from .conftest import SEEDS

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE of PostgreSQL"),
    # ANALYZE counts only committed rows: the import must really commit.
    pytest.mark.django_db(transaction=True),
]
TABLES = [
    "articles_article",
    "articles_article_authors",
    "articles_author",
    "taggit_tag",
    "taggit_taggeditem",
    "articles_searchword",
]


def analyze_counts():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, analyze_count FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [TABLES],
        )
        return dict(cursor.fetchall())


def test_import_that_wrote_releases_analyzes_the_tables_it_wrote(units, run_import):
    before = analyze_counts()
    result = run_import(SEEDS)
    assert not result.failed, result.err
    after = analyze_counts()
    assert sorted(after) == sorted(TABLES)
    assert all(after[table] == before.get(table, 0) + 1 for table in TABLES), (before, after)


def test_dry_run_and_unchanged_import_leave_the_statistics_alone(units, run_import):
    before = analyze_counts()
    assert "2 dibuat" in run_import(SEEDS, dry_run=True).out
    assert analyze_counts() == before
    run_import(SEEDS)
    before = analyze_counts()
    assert "2 tidak berubah" in run_import(SEEDS).out
    assert analyze_counts() == before
