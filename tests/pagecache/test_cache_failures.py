"""A Redis that fails is not a single point of failure: pages render, the admin works.

Two faults, both real sockets: a Redis refusing connections (a closed port) and a Redis that
accepts connections and never answers (a server in this test that stays silent).
"""

import contextlib
import logging
import re
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache

from articles.models import Article
from pagecache import backends
from pagecache import marker as markers
from pagecache.backends import CacheUnavailable
from pagecache.fragments import cached
from tests.admin.conftest import make_user
from tests.admin.test_admin import ADD_URL, form_data
from tests.factories import ArticleFactory, UnitFactory

pytestmark = pytest.mark.django_db

QUICK = 1.0  # seconds a request may take with the cache failing


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def silent_server():
    """Accept connections on a free port and never answer; yield the port and the accepted."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.05)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        server.close()


def use_redis(settings, url, retry_after=5.0):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            "RETRY_AFTER": retry_after,
        }
    }


@pytest.fixture(autouse=True)
def fresh_health(settings):
    settings.PAGE_CACHE = True
    backends._health.clear()
    yield
    backends._health.clear()
    markers._renewal_owed = False


@pytest.fixture(params=["refusing", "silent"])
def broken_redis(request, settings):
    if request.param == "refusing":
        use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
        yield request.param
    else:
        with silent_server() as (port, _):
            use_redis(settings, f"redis://127.0.0.1:{port}/0")
            yield request.param


def timed_get(client, url, **extra):
    started = time.monotonic()
    response = client.get(url, **extra)
    return response, time.monotonic() - started


def test_public_pages_and_the_admin_login_answer_quickly_without_redis(client, broken_redis):
    article = ArticleFactory(title="Patroli Malam Tanpa Redis")
    for url in ("/", article.get_absolute_url(), "/admin/login/", "/", "/unit/polres-jember/"):
        response, seconds = timed_get(client, url)
        assert response.status_code in (200, 404) and seconds < QUICK, (url, seconds)
        if url != "/unit/polres-jember/":
            assert response.status_code == 200, url
    assert "Patroli Malam Tanpa Redis" in client.get("/").content.decode()
    # Still answered with validators, so a browser revalidates as usual.
    response = client.get(article.get_absolute_url())
    assert response["ETag"] and response["Cache-Control"] == "no-cache"
    assert (
        client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_a_hanging_redis_costs_one_timeout_then_none_until_retry(client, settings):
    ArticleFactory()
    with silent_server() as (port, accepted):
        use_redis(settings, f"redis://127.0.0.1:{port}/0")
        first = timed_get(client, "/")[1]
        rest = [timed_get(client, "/")[1] for _ in range(5)]
        asked = len(accepted)
    # A page calls the cache several times: only the first call waits for the timeout, and
    # Redis is not asked again for RETRY_AFTER seconds.
    assert asked == 1
    assert 0.25 <= first < 1.0
    assert max(rest) < 0.25, rest


def test_failures_are_logged_once_a_minute_not_per_request(client, settings, caplog):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0", retry_after=0)
    ArticleFactory()
    with caplog.at_level(logging.WARNING, logger="pagecache.backends"):
        for _ in range(10):
            assert client.get("/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "pagecache.backends"]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_fragments_are_computed_when_the_cache_fails(settings):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    calls = []
    assert cached("x", lambda: calls.append(1) or "nilai") == "nilai"
    assert cached("x", lambda: calls.append(1) or "nilai") == "nilai"
    assert len(calls) == 2  # nothing remembered without a marker


def test_the_admin_works_without_redis(client, settings, broken_redis):
    unit = UnitFactory(name="Polres Jember", slug="polres-jember")
    editor = make_user("editor", "Editor")
    editor.set_password("benar-sekali-123")
    editor.save()
    # Signing in goes through django-axes, which keeps its counts in the database.
    login = {"username": "editor", "password": "salah"}
    assert client.post("/admin/login/", login).status_code == 200
    # (Not timed: hashing the password takes its own time.)
    response = client.post("/admin/login/", {**login, "password": "benar-sekali-123"})
    assert response.status_code == 302
    response, seconds = timed_get(client, "/admin/")
    assert response.status_code == 200 and seconds < QUICK
    page = client.get(ADD_URL).content.decode()
    data = form_data(title="Rilis Saat Redis Mati", unit=unit.pk)
    data["submission_token"] = re.search(r'name="submission_token" value="([^"]+)"', page)[1]
    started = time.monotonic()
    response = client.post(ADD_URL, data)
    assert response.status_code == 302 and time.monotonic() - started < QUICK
    assert Article.objects.filter(title="Rilis Saat Redis Mati").exists()


def test_password_reset_without_redis_sends_nothing_and_answers_as_usual(client, settings):
    from django.contrib.auth.models import User

    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    User.objects.create_user("editor", "editor@example.id", "x", is_staff=True)
    response = client.post("/admin/password_reset/", {"email": "editor@example.id"})
    assert response.status_code == 302 and response["Location"] == "/admin/password_reset/done/"
    response.close()
    assert mail.outbox == []


def test_search_runs_without_its_slots_when_the_cache_fails(settings):
    from articles import search

    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    with search.limited():
        ran = True
    assert ran


# With a real Redis: an outage during a write, and the marker's eviction


@pytest.fixture
def real_redis(redis_cache, settings):
    settings.CACHES["default"]["BACKEND"] = "pagecache.backends.RedisCache"
    return settings.CACHES["default"]


def test_a_write_during_an_outage_never_leaves_a_stale_page_after_it(
    client, settings, real_redis, committed
):
    working = dict(real_redis)
    article = ArticleFactory(title="Judul Sebelum Gangguan")
    assert "Judul Sebelum Gangguan" in client.get("/").content.decode()
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    article.title = "Judul Saat Gangguan"
    with committed():
        article.save()  # the marker cannot be renewed now
    assert "Judul Saat Gangguan" in client.get("/").content.decode()
    settings.CACHES = {"default": working}  # Redis is back, with the page cached before
    html = client.get("/").content.decode()
    assert "Judul Saat Gangguan" in html and "Judul Sebelum Gangguan" not in html


def evict_marker():
    """Drop the marker as allkeys-lru may; the lock of its last renewal, written once and
    never read, is colder still and goes first."""
    cache.delete_many([markers.KEY, f"{markers.KEY}:renewing:"])


def test_an_evicted_marker_is_recreated_and_pages_stay_correct(client, real_redis, committed):
    article = ArticleFactory(title="Judul Pertama")
    assert "Judul Pertama" in client.get("/").content.decode()
    article.title = "Judul Kedua"
    with committed():
        article.save()
    evict_marker()
    html = client.get("/").content.decode()
    assert "Judul Kedua" in html and "Judul Pertama" not in html
    # The recreated marker is stored and used: the next visit comes from the cache.
    assert markers.is_current(cache.get(markers.KEY))
    assert client.get("/").content.decode() == html
    evict_marker()
    article.title = "Judul Ketiga"
    article.save()  # not committed: the marker is not renewed; its absence alone renews it
    assert "Judul Ketiga" in client.get("/").content.decode()


def test_cache_unavailable_is_raised_for_every_operation(settings):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0", retry_after=0)
    for call in (
        lambda: cache.get("k"),
        lambda: cache.set("k", 1),
        lambda: cache.add("k", 1),
        lambda: cache.get_many(["k"]),
        lambda: cache.incr("k"),
        lambda: cache.delete("k"),
        lambda: cache.get_or_set("k", 1),
    ):
        with pytest.raises(CacheUnavailable):
            call()
