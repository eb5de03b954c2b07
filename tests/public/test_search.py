import pytest
from django.db import connection

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, clean_query
from tests.factories import ArticleFactory

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def results(client, q):
    response = client.get("/cari/", {"q": q})
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_search_finds_words_in_title_lead_and_body(client, unit):
    in_title = ArticleFactory(unit=unit, title="Razia Knalpot Brong di Alun-alun")
    in_lead = ArticleFactory(unit=unit, lead="Petugas menyita knalpot brong.")
    in_body = ArticleFactory(unit=unit, body="<p>Puluhan knalpot brong dimusnahkan.</p>")
    ArticleFactory(unit=unit, title="Patroli Malam")
    assert set(results(client, "knalpot brong")) == {in_title, in_lead, in_body}


def test_every_word_of_the_query_must_match(client, unit):
    ArticleFactory(unit=unit, title="Razia Knalpot")
    both = ArticleFactory(unit=unit, title="Razia Knalpot Brong")
    assert results(client, "knalpot brong") == [both]


def test_search_shows_the_query_and_the_number_of_results(client, unit):
    ArticleFactory(unit=unit, title="Razia Knalpot Brong")
    html = client.get("/cari/", {"q": "knalpot"}).content.decode()
    assert "1 hasil untuk “knalpot”" in html
    assert 'value="knalpot"' in html


def test_empty_query_shows_a_prompt_and_no_results(client, unit):
    ArticleFactory(unit=unit)
    for q in ["", "   ", None]:
        response = client.get("/cari/", {} if q is None else {"q": q})
        assert response.status_code == 200
        assert list(response.context["object_list"]) == []
        assert "Tulis kata yang dicari" in response.content.decode()


def test_very_long_query_is_cut_to_200_characters_with_a_notice(client, unit):
    response = client.get("/cari/", {"q": "patroli " * 100})
    assert response.status_code == 200
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert "hanya 200 karakter pertama" in response.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "'",
        '"',
        "a & b",
        "!!!",
        "(((",
        "foo:*",
        "-",
        "a | | b",
        "\x00nul",
        "100%",
        "<script>",
        "日本語",
        "😀",
    ],
)
def test_odd_characters_never_break_search(client, unit, q):
    ArticleFactory(unit=unit, title="Patroli Malam")
    response = client.get("/cari/", {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_clean_query_drops_control_characters_and_squeezes_spaces():
    assert clean_query("  razia\x00\tknalpot \n brong ") == "razia knalpot brong"
    assert len(clean_query("x" * 500)) == MAX_QUERY_LENGTH


def test_search_results_are_paginated_keeping_the_query(client, unit):
    for n in range(21):
        ArticleFactory(unit=unit, title=f"Patroli Malam Hari {n}")
    response = client.get("/cari/", {"q": "patroli"})
    assert len(response.context["object_list"]) == 20
    assert 'href="?q=patroli&amp;page=2"' in response.content.decode()
    assert len(client.get("/cari/", {"q": "patroli", "page": 2}).context["object_list"]) == 1


def test_newer_release_comes_first_when_equally_relevant(client, unit):
    older = ArticleFactory(unit=unit, title="Patroli Malam", slug="a", published_at=hours_ago(9))
    newer = ArticleFactory(unit=unit, title="Patroli Malam", slug="b", published_at=hours_ago(1))
    assert results(client, "patroli") == [newer, older]


@on_postgresql
def test_title_match_ranks_above_lead_above_body(client, unit):
    body = ArticleFactory(
        unit=unit,
        title="Kegiatan A",
        body="<p>Operasi zebra semeru digelar.</p>",
        published_at=hours_ago(1),
    )
    title = ArticleFactory(unit=unit, title="Operasi Zebra Semeru", published_at=hours_ago(3))
    lead = ArticleFactory(
        unit=unit,
        title="Kegiatan B",
        lead="Operasi zebra semeru dimulai.",
        published_at=hours_ago(2),
    )
    assert results(client, "zebra semeru") == [title, lead, body]


@on_postgresql
def test_search_ignores_accents(client, unit):
    article = ArticleFactory(unit=unit, title="Pengamanan Konser di Café Jember")
    assert results(client, "cafe") == [article]
    assert results(client, "CAFÉ") == [article]


@on_postgresql
def test_search_uses_the_gin_index(unit):
    ArticleFactory(unit=unit, title="Operasi Zebra")
    queryset = Article.objects.search("zebra")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search" in plan
