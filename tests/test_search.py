"""articles.search on PostgreSQL: the stored vector, its index and the table of words."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import about
from tests.factories import ArticleFactory, UnitFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stored vector exists on PostgreSQL only"
    ),
]


def plan(queryset):
    """Return the text of EXPLAIN (VERBOSE) for queryset: every expression it computes."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def known_words():
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM articles_searchword")
        return {word for (word,) in cursor.fetchall()}


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres")


@pytest.mark.parametrize("query", ["zebra", "operasi zebra", '"operasi zebra"', "sat lantas"])
def test_search_reads_the_stored_vector_and_never_computes_it(unit, query):
    ArticleFactory(unit=unit, title="Operasi Zebra Satlantas")
    ranked = Article.objects.published().search(query)
    text = plan(ranked)
    assert "search_vector" in text
    assert "to_tsvector" not in text


def test_estimates_are_rounded_to_two_significant_digits():
    assert [about(n) for n in (7, 42, 999, 97_831)] == [7, 42, 1000, 98_000]


def test_stored_vector_follows_every_edit(unit):
    article = ArticleFactory(unit=unit, title="Operasi Zebra")
    article.title = "Operasi Ketupat"
    article.save()
    assert list(Article.objects.search("ketupat")) == [article]
    assert list(Article.objects.search("zebra")) == []
    Article.objects.filter(pk=article.pk).update(lead="Pengamanan mudik lebaran.")
    assert list(Article.objects.search("mudik")) == [article]


def test_words_of_new_and_edited_releases_are_remembered(unit):
    article = ArticleFactory(unit=unit, title="Pengamanan Pilkada", body="<p>Café 2024.</p>")
    Article.objects.bulk_create(
        [
            Article(
                title="Razia Knalpot",
                slug="razia",
                unit=unit,
                body="<p>Brong.</p>",
                status="published",
            ),
            Article(title="Rencana Rahasia", slug="draf", unit=unit, body="<p>Sandi.</p>"),
        ]
    )
    article.lead = "Kampanye damai."
    article.save()
    words = known_words()
    assert {"pengamanan", "pilkada", "cafe", "razia", "knalpot", "brong", "kampanye"} <= words
    # A draft's words are no suggestion: they would tell what it says.
    assert not {"rencana", "rahasia", "sandi"} & words
    # Numbers and short tokens are no words to suggest.
    assert "2024" not in words
    assert "p" not in words
