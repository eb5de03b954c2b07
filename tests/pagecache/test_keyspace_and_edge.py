"""The cache's keyspace stays bounded, and an edge cache in front may keep and purge pages."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from pagecache import edge
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def page_entries():
    """The entries of the test's own cache, a folder of one file per entry."""
    return len(list(Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache")))


# Keyspace


def test_junk_query_parameters_are_sent_to_the_clean_address(client):
    ArticleFactory.create_batch(25)
    for junk in ("utm_source=wa", "fbclid=abc", "x=1&y=2", "page=2&utm_source=wa&q=patroli"):
        response = client.get(f"/?{junk}")
        assert response.status_code == 301, junk
        expected = "/?page=2&q=patroli" if "page=2" in junk else "/"
        assert response["Location"] == expected


def test_junk_parameters_are_redirected_from_a_cached_page_too(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200  # now cached
    response = client.get(url + "?ref=facebook")
    assert (response.status_code, response["Location"]) == (301, url)


def test_many_junk_addresses_make_no_cache_entries(client):
    ArticleFactory()
    client.get("/")
    before = page_entries()
    for number in range(30):
        client.get(f"/?junk{number}=1")
        client.get(f"/halaman-tidak-ada-{number}/")
        client.get(f"/berita/2020/01/01/tidak-ada-{number}/")
    assert page_entries() == before


def test_a_missing_page_is_answered_but_not_stored(client):
    client.get("/")  # the marker and the home page
    before = page_entries()
    url = "/berita/2020/01/01/belum-ada/"
    first = client.get(url)
    assert first.status_code == 404 and first["Cache-Control"] == "no-cache"
    assert client.get(url).status_code == 404
    assert page_entries() == before


def test_search_and_pages_keep_their_own_parameters(client):
    ArticleFactory.create_batch(25)
    second = client.get("/?page=2")
    assert second.status_code == 200
    assert client.get("/?page=2").content == second.content
    assert client.get("/").content != second.content


def test_a_large_sitemap_keeps_its_page_number(client, monkeypatch):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(3)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-releases.xml?p=2" in index
    second = client.get("/sitemap-releases.xml?p=2")
    assert second.status_code == 200 and second.content.count(b"<url>") == 1
    assert client.get("/sitemap-releases.xml?p=2&utm_source=x")["Location"] == (
        "/sitemap-releases.xml?p=2"
    )


def test_redirect_never_leads_to_another_site(client):
    response = client.get("//evil.example/?utm=1")
    assert response.status_code in (301, 404)
    if response.status_code == 301:
        assert not response["Location"].startswith("//")


# Edge cache


def test_without_edge_caching_pages_say_no_cache(client, settings):
    settings.EDGE_CACHE_SECONDS = 0
    ArticleFactory()
    assert client.get("/")["Cache-Control"] == "no-cache"


def test_edge_seconds_let_shared_caches_keep_public_pages(client, settings):
    settings.EDGE_CACHE_SECONDS = 5
    article = ArticleFactory()
    for url in ("/", article.get_absolute_url(), "/feed/", "/unit/polres-jember/"):
        response = client.get(url)
        if response.status_code != 200:
            continue
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", "s-maxage=5"}, url
        # The same from the page cache.
        assert client.get(url)["Cache-Control"] == response["Cache-Control"]


def test_edge_seconds_never_reach_admin_previews_errors_or_refusals(
    client, admin_client, settings, monkeypatch
):
    from articles import search

    settings.EDGE_CACHE_SECONDS = 5
    draft = ArticleFactory(status=Article.Status.DRAFT)
    monkeypatch.setattr(search, "take_slot", lambda: None)  # every search slot taken
    answers = {
        "login": client.get("/admin/login/"),
        "missing": client.get("/berita/2020/01/01/tidak-ada/"),
        "draft": client.get(draft.get_absolute_url()),
        "signed in": admin_client.get("/"),
        "admin": admin_client.get("/admin/articles/article/"),
        "preview": admin_client.get(f"/admin/articles/article/{draft.pk}/pratinjau/"),
        "refusal": client.get("/cari/?q=patroli"),
    }
    assert answers["preview"].status_code == 200 and answers["refusal"].status_code == 503
    for name, response in answers.items():
        assert "s-maxage" not in response.get("Cache-Control", ""), name


class PurgeReceiver(BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers.get("Authorization"), json.loads(body)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"success": true}')

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def purge_server(handler=PurgeReceiver):
    received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (handler,), {"received": received}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/purge/zone", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_committed_change_purges_the_edge_once(settings, committed):
    with purge_server() as (url, received):
        settings.EDGE_PURGE_URL = url
        settings.EDGE_PURGE_TOKEN = "rahasia"
        with committed():
            ArticleFactory.create_batch(3)
        assert received == [("/purge/zone", "Bearer rahasia", {"purge_everything": True})]


def test_nothing_is_purged_before_the_commit_or_after_a_rollback(
    settings, django_capture_on_commit_callbacks
):
    with purge_server() as (url, received):
        settings.EDGE_PURGE_URL = url
        with django_capture_on_commit_callbacks(execute=False):
            ArticleFactory()
        assert received == []


def test_a_scheduled_release_becoming_public_purges_the_edge(client, settings, monkeypatch):
    start = timezone.now()
    ArticleFactory(published_at=start + timezone.timedelta(minutes=10))
    client.get("/")
    with purge_server() as (url, received):
        settings.EDGE_PURGE_URL = url
        monkeypatch.setattr(timezone, "now", lambda: start + timezone.timedelta(minutes=11))
        client.get("/")
        assert len(received) == 1


def test_a_failing_purge_is_logged_and_the_save_goes_on(settings, committed, caplog):
    class Failing(PurgeReceiver):
        def do_POST(self):
            self.send_response(500)
            self.end_headers()

    class Silent(PurgeReceiver):
        def do_POST(self):
            time.sleep(5)

    with purge_server(Failing) as (url, _):
        settings.EDGE_PURGE_URL = url + "?key=secret"
        with committed():
            ArticleFactory(title="Tetap Tersimpan")
    assert Article.objects.filter(title="Tetap Tersimpan").exists()
    assert "purge" in caplog.text and "500" in caplog.text and "secret" not in caplog.text

    settings.EDGE_PURGE_URL = "http://127.0.0.1:1/"  # refused
    with committed():
        ArticleFactory()
    with purge_server(Silent) as (url, _):
        settings.EDGE_PURGE_URL = url
        started = time.monotonic()
        with committed():
            ArticleFactory()
        assert time.monotonic() - started < edge.PURGE_TIMEOUT + 1
