import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.cache import never_cache

import pagecache
from articles.models import Article
from pagecache import marker as markers
from pagecache.fragments import cached
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def get(client, url="/", **extra):
    """GET a page; return its text and how many SQL queries it ran (0 means: from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response.content.decode(), len(queries)


def test_second_anonymous_visit_is_served_from_the_cache(client):
    ArticleFactory(title="Patroli Malam")
    html, queries = get(client)
    assert "Patroli Malam" in html and queries > 0
    again, queries = get(client)
    assert (again, queries) == (html, 0)


def test_publishing_a_release_shows_it_on_the_next_visit(client, committed):
    draft = ArticleFactory(title="Operasi Zebra", status=Article.Status.DRAFT)
    assert "Operasi Zebra" not in get(client)[0]
    with committed():
        draft.publish()
    assert "Operasi Zebra" in get(client)[0]


def test_editing_a_release_shows_the_new_title_on_the_next_visit(client, committed):
    article = ArticleFactory(title="Judul Lama")
    assert "Judul Lama" in get(client)[0]
    article.title = "Judul Baru"
    with committed():
        article.save()
    html = get(client)[0]
    assert "Judul Baru" in html and "Judul Lama" not in html


def test_withdrawn_release_disappears_at_once_from_list_and_page(client, committed):
    article = ArticleFactory(title="Rilis Keliru")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "Rilis Keliru" in get(client)[0]
    with committed():
        article.unpublish()
    # Its address now gives the notice of withdrawal (410 Gone), not the cached page.
    assert client.get(url).status_code == 410
    assert "Rilis Keliru" not in get(client)[0]


def test_changing_tags_shows_on_the_next_visit(client, committed):
    article = ArticleFactory(title="Rilis Bertag")
    url = article.get_absolute_url()
    client.get(url)
    with committed():
        article.tags.add("Pilkada Damai")
    assert "Pilkada Damai" in get(client, url)[0]


def test_bulk_import_shows_after_invalidate(client, committed):
    article = ArticleFactory(title="Sebelum Impor")
    assert "Sebelum Impor" in get(client)[0]
    # An importer writes without save() and calls pagecache.invalidate() once at the end.
    Article.objects.filter(pk=article.pk).update(title="Sesudah Impor")
    assert "Sebelum Impor" in get(client)[0]
    with committed():
        pagecache.invalidate()
    assert "Sesudah Impor" in get(client)[0]


def test_scheduled_release_appears_when_its_time_comes_without_any_write(client, monkeypatch):
    start = timezone.now()
    ArticleFactory(title="Rilis Terjadwal", published_at=start + datetime.timedelta(hours=1))
    assert "Rilis Terjadwal" not in get(client)[0]
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(minutes=59))
    html, queries = get(client)
    assert "Rilis Terjadwal" not in html and queries == 0
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(hours=1, seconds=1))
    assert "Rilis Terjadwal" in get(client)[0]


def test_scheduled_release_is_not_shown_early_after_a_later_write(client, monkeypatch):
    start = timezone.now()
    ArticleFactory(title="Terjadwal Besok", published_at=start + datetime.timedelta(days=1))
    ArticleFactory(title="Terbit Sekarang")
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(hours=23))
    html = get(client)[0]
    assert "Terbit Sekarang" in html and "Terjadwal Besok" not in html
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(days=1, minutes=1))
    assert "Terjadwal Besok" in get(client)[0]


def test_scheduled_release_page_is_404_until_its_time_then_shown(client, monkeypatch):
    start = datetime.datetime(2026, 1, 5, 3, 0, tzinfo=datetime.UTC)  # 10:00 WIB
    monkeypatch.setattr(timezone, "now", lambda: start)
    article = ArticleFactory(published_at=start + datetime.timedelta(minutes=30))
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(minutes=31))
    assert client.get(url).status_code == 200


def test_invalidation_by_another_cache_client_is_seen_here(client, monkeypatch, committed):
    ArticleFactory(title="Rilis Bersama")
    get(client)
    # Another process has its own connection to the shared cache.
    other_process_cache = caches.create_connection("default")
    monkeypatch.setattr(markers, "cache", other_process_cache)
    with committed():
        pagecache.invalidate()
    monkeypatch.undo()
    assert get(client)[1] > 0


def test_cached_fragment_is_recomputed_after_another_process_invalidates(monkeypatch, committed):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("fragment", compute) == 1
    assert cached("fragment", compute) == 1
    monkeypatch.setattr(markers, "cache", caches.create_connection("default"))
    with committed():
        pagecache.invalidate()
    monkeypatch.undo()
    assert cached("fragment", compute) == 2


def test_pages_cached_in_redis_are_invalidated_by_another_client(
    client, redis_cache, monkeypatch, committed
):
    ArticleFactory(title="Rilis di Redis")
    html, queries = get(client)
    assert (get(client), queries > 0) == ((html, 0), True)
    monkeypatch.setattr(markers, "cache", caches.create_connection("default"))
    with committed():
        pagecache.invalidate()
    monkeypatch.undo()
    assert get(client)[1] > 0


def run_in_another_process(code):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "x",
        "REDIS_URL": "",
        # Only the shared cache matters here; the database is a throw-away one.
        "DATABASE_URL": "sqlite://:memory:",
        "CACHE_DIR": settings.CACHES["default"]["LOCATION"],
    }
    setup = "import django; django.setup(); from pagecache import marker as c; "
    result = subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_default_cache_without_redis_is_shared_between_processes(client):
    ArticleFactory(title="Rilis Lintas Proses")
    get(client)
    token = cache.get(markers.KEY).token
    assert run_in_another_process("print(c.cache.get(c.KEY).token)") == token
    # An import run from the shell bumps the marker; this process's next visit renders afresh.
    run_in_another_process("c.set_schedule(lambda: None); c.invalidate()")
    assert cache.get(markers.KEY).token != token
    assert get(client)[1] > 0


def test_logged_in_user_never_gets_a_cached_page(client, admin_user):
    ArticleFactory(title="Rilis Umum")
    get(client)
    client.force_login(admin_user)
    assert get(client)[1] > 0
    assert get(client)[1] > 0


def test_logged_in_visit_does_not_fill_the_cache_for_visitors(client, admin_user):
    ArticleFactory(title="Rilis Umum")
    client.force_login(admin_user)
    get(client)
    client.logout()
    client.cookies.clear()
    assert get(client)[1] > 0


def test_anonymous_session_cookie_bypasses_the_cache(client):
    ArticleFactory(title="Rilis Umum")
    get(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    assert get(client)[1] > 0


def test_each_language_has_its_own_cached_page(client):
    ArticleFactory(title="Rilis Umum")
    indonesian = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="id">' in indonesian and '<html lang="en">' in english


calls = []


@never_cache
def preview_view(request):
    calls.append("preview")
    return HttpResponse("pratinjau")


def cookie_view(request):
    calls.append("cookie")
    response = HttpResponse("kuki")
    response.set_cookie("csrftoken", "abc")
    return response


def redirect_view(request):
    calls.append("redirect")
    return HttpResponse(status=302, headers={"Location": "/"})


urlpatterns = [
    path("pratinjau/", preview_view),
    path("kuki/", cookie_view),
    path("alih/", redirect_view),
    path("", include("newsroom.urls")),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/pratinjau/", "/kuki/", "/alih/"])
def test_never_cache_cookie_setting_and_redirect_responses_are_not_cached(client, url):
    calls.clear()
    client.get(url)
    client.get(url)
    assert len(calls) == 2
