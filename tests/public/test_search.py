import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test import Client

from articles import search
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


def test_long_query_is_cut_after_a_whole_word():
    query = clean_query("patroli " * 30)
    assert query.split() == ["patroli"] * 25
    assert clean_query("a" * 199 + " patroli") == "a" * 199


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


def test_unit_name_written_apart_finds_it_written_joined(client, unit):
    joined = ArticleFactory(unit=unit, title="Satlantas Polres Jember Gelar Operasi Zebra")
    ArticleFactory(unit=unit, title="Patroli Malam")
    assert results(client, "sat lantas") == [joined]
    assert results(client, "Sat Lantas operasi") == [joined]


@on_postgresql
def test_unit_name_written_joined_finds_it_written_apart(client, unit):
    apart = ArticleFactory(unit=unit, title="Sat Lantas Polres Jember Gelar Operasi Zebra")
    polsek = ArticleFactory(unit=unit, title="Polsek Kaliwates Amankan Pencuri")
    ArticleFactory(unit=unit, title="Patroli Malam")
    assert results(client, "satlantas") == [apart]
    assert results(client, "polsekkaliwates") == [polsek]
    assert results(client, "Satlantás zebra") == [apart]


def analyze():
    """Give PostgreSQL's planner statistics of the releases, as after an import."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")


@pytest.fixture
def zebra_and_patrols(unit):
    """Two releases on a rare word, the older one in its title; ten newer on a common word."""
    in_title = ArticleFactory(unit=unit, title="Patroli Zebra Semeru", published_at=hours_ago(30))
    in_body = ArticleFactory(
        unit=unit, title="Kegiatan", body="<p>Patroli zebra.</p>", published_at=hours_ago(20)
    )
    newer = [
        ArticleFactory(
            unit=unit, title=f"Kegiatan {n}", body="<p>Patroli.</p>", published_at=hours_ago(n)
        )
        for n in range(1, 11)
    ]
    return in_title, in_body, newer


@on_postgresql
def test_rare_word_is_ranked_by_relevance_common_word_by_recency(
    client, zebra_and_patrols, monkeypatch
):
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    in_title, in_body, newer = zebra_and_patrols
    analyze()
    # Two matches: ranked, the title match first although it is older.
    assert results(client, "zebra") == [in_title, in_body]
    # Twelve expected, more than the window: newest first, the older title match not on top.
    assert results(client, "patroli") == newer[:5]


@on_postgresql
def test_only_the_newest_matches_are_ranked_when_more_match_than_expected(
    client, zebra_and_patrols, monkeypatch
):
    # Without statistics the planner expects few matches: ranking still reads only the window.
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    in_title, _, newer = zebra_and_patrols
    assert results(client, "patroli") == newer[:3]
    assert in_title not in results(client, "patroli semeru kegiatan")


@on_postgresql
def test_total_past_the_ranking_window_is_shown_as_about(client, unit, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    for n in range(30):
        ArticleFactory(unit=unit, title=f"Patroli Malam {n}")
    analyze()
    response = client.get("/cari/", {"q": "patroli"})
    html = response.content.decode()
    assert "sekitar 30 hasil untuk “patroli”" in html
    assert "3 rilis terbaru yang cocok" in html
    # Pages go through the window only.
    assert response.context["paginator"].count == 3
    exact = client.get("/cari/", {"q": "malam 4"}).content.decode()
    assert "1 hasil untuk “malam 4”" in exact
    assert "sekitar" not in exact


@on_postgresql
def test_short_first_page_shows_the_exact_total_instead_of_the_estimate(client, unit, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    for n in range(20):
        ArticleFactory(unit=unit, title=f"Razia Pagi {n}")
        ArticleFactory(unit=unit, title=f"Jaga Senja {n}")
    both = ArticleFactory(unit=unit, title="Razia Senja")
    analyze()
    # The planner expects words found apart to meet often; they meet once.
    response = client.get("/cari/", {"q": "razia senja"})
    assert list(response.context["object_list"]) == [both]
    assert response.context["paginator"].count == 1
    html = response.content.decode()
    assert "1 hasil untuk “razia senja”" in html
    assert "sekitar" not in html


@on_postgresql
def test_typo_suggests_the_word_the_releases_use(client, unit):
    pilkada = ArticleFactory(unit=unit, title="Pengamanan Pilkada Serentak di Jember")
    response = client.get("/cari/", {"q": "pilkda jember"})
    assert list(response.context["object_list"]) == []
    html = response.content.decode()
    assert "Mungkin maksud Anda:" in html
    assert 'href="/cari/?q=pilkada%20jember">pilkada jember</a>' in html
    assert results(client, "pilkada jember") == [pilkada]


@on_postgresql
@pytest.mark.parametrize(
    "status, published_at",
    [(Article.Status.DRAFT, None), (Article.Status.REVIEW, None), ("published", -5)],
)
def test_suggestions_never_reveal_words_of_unpublished_releases(client, unit, status, published_at):
    ArticleFactory(unit=unit, title="Pengamanan Pilkada")
    ArticleFactory(
        unit=unit,
        title="Penyelidikan Rahasiawan",
        status=status,
        published_at=None if published_at is None else hours_ago(published_at),
    )
    html = client.get("/cari/", {"q": "rahasiawn"}).content.decode()
    assert "Tidak ada rilis yang cocok" in html
    assert "Mungkin maksud Anda" not in html
    assert "rahasiawan" not in html.lower()


@on_postgresql
def test_no_suggestion_when_every_word_is_known(client, unit):
    ArticleFactory(unit=unit, title="Pengamanan Pilkada")
    ArticleFactory(unit=unit, title="Razia Knalpot")
    html = client.get("/cari/", {"q": "pilkada knalpot"}).content.decode()
    assert "Tidak ada rilis yang cocok" in html
    assert "Mungkin maksud Anda" not in html


def test_search_answers_503_with_retry_after_when_every_slot_is_taken(client, unit, monkeypatch):
    monkeypatch.setattr(search, "MAX_CONCURRENT_SEARCHES", 2)
    ArticleFactory(unit=unit, title="Patroli Malam")
    taken = [search.take_slot(), search.take_slot()]
    response = client.get("/cari/", {"q": "patroli"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(search.RETRY_AFTER_SECONDS)
    assert "Pencarian sedang sibuk" in response.content.decode()
    # Only search is refused, and a freed slot lets the next search through.
    assert client.get("/").status_code == 200
    cache.delete(taken[0])
    # Other queries: a repeated one would come from the page cache without searching.
    assert results(client, "patroli") != []
    assert results(client, "malam") != []  # the slot was given back after the search


@on_postgresql
def test_search_that_runs_out_of_time_answers_503_and_frees_its_slot(client, unit, monkeypatch):
    monkeypatch.setattr(search, "STATEMENT_TIMEOUT_MS", 50)
    monkeypatch.setattr(search, "MAX_CONCURRENT_SEARCHES", 1)
    ArticleFactory(unit=unit, title="Patroli Malam")
    original = search.find

    def slow(queryset, query):
        found = original(queryset, query)
        sleep = RawSQL("pg_sleep(0.5) IS NULL", [], output_field=BooleanField())
        return found._replace(results=found.results.filter(sleep))

    monkeypatch.setattr(search, "find", slow)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()
    response = client.get("/cari/", {"q": "patroli"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(search.RETRY_AFTER_SECONDS)
    assert "coba lagi" in response.content.decode()
    monkeypatch.setattr(search, "find", original)
    assert results(client, "malam") != []
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == before  # the limit ends with the search


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_a_search_arriving_while_the_slots_are_busy_is_refused_at_once(unit, monkeypatch):
    """Two real requests at once, each with its own database connection, one slot."""
    monkeypatch.setattr(search, "MAX_CONCURRENT_SEARCHES", 1)
    ArticleFactory(unit=unit, title="Patroli Malam")
    original = search.find
    busy = threading.Event()

    def slow_for_lambat(queryset, query):
        found = original(queryset, query)
        if query != "patroli lambat":
            return found
        busy.set()
        sleep = RawSQL("pg_sleep(0.8) IS NULL", [], output_field=BooleanField())
        return found._replace(results=found.results.filter(sleep))

    monkeypatch.setattr(search, "find", slow_for_lambat)
    answers = {}

    def slow_search():
        try:
            answers["slow"] = Client().get("/cari/", {"q": "patroli lambat"}).status_code
        finally:
            connection.close()

    thread = threading.Thread(target=slow_search)
    thread.start()
    assert busy.wait(10)
    refused = Client().get("/cari/", {"q": "patroli"})
    thread.join(10)
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(search.RETRY_AFTER_SECONDS)
    assert answers["slow"] == 200
    assert Client().get("/cari/", {"q": "malam"}).status_code == 200
