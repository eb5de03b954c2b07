"""/healthz and /readyz as a load balancer sees them (newsroom/health.py)."""

import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.db.utils import ConnectionHandler

from newsroom import health

pytestmark = pytest.mark.django_db

# A balancer probes a node by its own address, which is not one of the site's host names.
BALANCER = {"HTTP_HOST": "10.0.0.5:8000"}


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_cache(settings):
    """Point the cache at a Redis; the test says which address."""

    def use(url):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_timeout": 5, "socket_connect_timeout": 5},
            }
        }
        caches["default"].close()

    return use


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def never_cached(response):
    cache_control = response["Cache-Control"]
    return "no-store" in cache_control and "no-cache" in cache_control


def test_healthz_answers_a_balancer_with_its_own_host_without_the_database(
    client, django_assert_num_queries, settings
):
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(0):
        response = client.get("/healthz", **BALANCER)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert never_cached(response)


def test_readyz_reports_the_database_and_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/readyz", **BALANCER)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert never_cached(response)


def test_other_addresses_still_check_the_host_and_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_HOST="localhost").status_code == 301
    assert client.get("/", **BALANCER).status_code == 400
    # Only the exact health addresses are answered early.
    assert client.get("/healthz/", **BALANCER).status_code == 400


def test_readyz_answers_503_naming_the_database_when_it_is_down(client, monkeypatch):
    client.get("/readyz")  # a first, good answer must not be kept by any cache
    down = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "127.0.0.1",
                "PORT": closed_port(),
                "NAME": "newsroom",
                "USER": "newsroom",
                "OPTIONS": {"connect_timeout": 1},
            }
        }
    )
    monkeypatch.setattr(health, "connections", down)
    response = client.get("/readyz", **BALANCER)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable"}}
    # Which part failed, and nothing else: no host, user, or error text.
    assert b"newsroom" not in response.content and b"127.0.0.1" not in response.content


def test_readyz_reports_a_redis_that_refuses_connections(client, redis_cache):
    redis_cache(f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/readyz", **BALANCER)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}


def test_readyz_gives_up_on_a_redis_that_never_answers_within_a_second(
    client, redis_cache, silent_server, settings
):
    settings.HEALTH_CHECK_TIMEOUT = 0.5
    redis_cache(f"redis://127.0.0.1:{silent_server}/0")
    started = time.monotonic()
    response = client.get("/readyz", **BALANCER)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "timeout"
    assert elapsed < 1.5
