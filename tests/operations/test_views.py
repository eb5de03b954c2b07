"""The operation's page, feed and sitemap entry, the home page's running operations, caching."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, UnitFactory
from tests.operations.conftest import make_operation

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def test_the_page_shows_the_period_the_units_and_the_public_releases_newest_first(
    client, operation, unit
):
    older = ArticleFactory(
        title="Apel Gelar Pasukan", unit=unit, operation=operation, published_at=hours_ago(30)
    )
    newer = ArticleFactory(
        title="Pos Pengamanan Dibuka", unit=unit, operation=operation, published_at=hours_ago(2)
    )
    ArticleFactory(title="Rilis Lain Tanpa Operasi", unit=unit)
    response = client.get(operation.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Operasi Ketupat Semeru" in page
    start = operation.start_date
    assert f'datetime="{start:%Y-%m-%d}"' in page
    assert "Polres Jember" in page and "Pengamanan mudik Lebaran." in page
    assert page.index(newer.title) < page.index(older.title)
    assert "Rilis Lain Tanpa Operasi" not in page


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + datetime.timedelta(days=1)),
    ],
)
def test_the_page_and_feed_list_only_public_releases(client, operation, unit, status, published_at):
    ArticleFactory(
        title="Rilis Rahasia Operasi",
        unit=unit,
        operation=operation,
        status=status,
        published_at=published_at,
    )
    assert "Rilis Rahasia Operasi" not in client.get(operation.get_absolute_url()).content.decode()
    feed = client.get(f"{operation.get_absolute_url()}feed/")
    assert feed.status_code == 200
    assert "Rilis Rahasia Operasi" not in feed.content.decode()


def test_the_feed_carries_the_operations_public_releases(client, operation, unit):
    ArticleFactory(title="Pos Pengamanan Dibuka", unit=unit, operation=operation)
    feed = client.get(f"{operation.get_absolute_url()}feed/")
    assert feed["Content-Type"].startswith("application/rss+xml")
    text = feed.content.decode()
    assert "<title>Rilis Humas: Operasi Ketupat Semeru" in text
    assert "Pos Pengamanan Dibuka" in text


def test_the_page_is_paginated(client, operation, unit):
    for n in range(23):
        ArticleFactory(
            title=f"Rilis Operasi Nomor {n:02d}",
            unit=unit,
            operation=operation,
            published_at=hours_ago(n + 1),
        )
    first = client.get(operation.get_absolute_url()).content.decode()
    second = client.get(operation.get_absolute_url() + "?page=2").content.decode()
    assert "Rilis Operasi Nomor 00" in first and "Rilis Operasi Nomor 22" not in first
    assert "Rilis Operasi Nomor 22" in second and "Rilis Operasi Nomor 00" not in second


def test_an_unknown_operation_is_404(client, db):
    assert client.get("/operasi/operasi-tidak-ada/").status_code == 404
    assert client.get("/operasi/operasi-tidak-ada/feed/").status_code == 404


def test_the_sitemap_lists_every_operation(client, operation):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-operations.xml" in index
    section = client.get("/sitemap-operations.xml").content.decode()
    assert operation.get_absolute_url() in section


def test_the_home_page_shows_only_the_operations_running_today(client, operation):
    today = timezone.localdate()
    make_operation(
        name="Operasi Zebra",
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=1),
    )
    make_operation(
        name="Operasi Lilin",
        start_date=today + datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=9),
    )
    page = client.get("/").content.decode()
    assert "Operasi berjalan" in page
    assert f'href="{operation.get_absolute_url()}"' in page
    assert "Operasi Zebra" not in page and "Operasi Lilin" not in page


def test_the_home_page_has_no_section_when_nothing_runs(client, db):
    assert "Operasi berjalan" not in client.get("/").content.decode()


def test_the_page_costs_the_same_queries_for_1_and_20_releases(client, operation, unit):
    def count():
        cache.clear()  # the page and its count, cached by the first visit
        with CaptureQueriesContext(connection) as queries:
            client.get(operation.get_absolute_url())
        return len(queries)

    ArticleFactory(unit=unit, operation=operation)
    one = count()
    for _ in range(19):
        ArticleFactory(unit=UnitFactory(), operation=operation)
    assert count() == one


class TestPageCache:
    @pytest.fixture(autouse=True)
    def page_cache_on(self, settings):
        settings.PAGE_CACHE = True

    def test_a_changed_operation_shows_on_the_next_visit(self, client, operation, committed):
        assert "Operasi Ketupat Semeru" in client.get("/").content.decode()
        operation.name = "Operasi Patuh"
        with committed():
            operation.save()
        home = client.get("/").content.decode()
        assert "Operasi Patuh Semeru" in home
        page = client.get(operation.get_absolute_url()).content.decode()
        assert "Operasi Patuh Semeru" in page

    def test_a_changed_unit_list_shows_on_the_next_visit(self, client, operation, committed):
        url = operation.get_absolute_url()
        assert "Polsek Patrang" not in client.get(url).content.decode()
        with committed():
            operation.units.add(UnitFactory(name="Polsek Patrang", slug="polsek-patrang"))
        assert "Polsek Patrang" in client.get(url).content.decode()

    def test_releases_linked_later_show_on_the_operation_page(
        self, client, operation, unit, committed
    ):
        article = ArticleFactory(title="Pos Pengamanan Dibuka", unit=unit)
        url = operation.get_absolute_url()
        assert "Pos Pengamanan Dibuka" not in client.get(url).content.decode()
        article.operation = operation
        with committed():
            article.save()
        assert "Pos Pengamanan Dibuka" in client.get(url).content.decode()


def test_no_draft_title_leaks_through_the_operation_page_markup(client, operation, unit):
    ArticleFactory(
        title="Judul Draf",
        unit=unit,
        operation=operation,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    page = client.get(operation.get_absolute_url()).content.decode()
    assert re.search(r"Judul Draf", page) is None


def test_a_release_page_links_to_its_operation(client, operation, unit):
    article = ArticleFactory(unit=unit, operation=operation)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'Bagian dari <a href="{operation.get_absolute_url()}">{operation.title}</a>' in page
    plain = ArticleFactory(unit=unit)
    assert "Bagian dari" not in client.get(plain.get_absolute_url()).content.decode()
