"""Reads from a replica for anonymous public pages only, and only from one that is not behind
(newsroom/replica.py). The real streaming replica, with replay paused, is in tests/multinode."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article, Unit
from newsroom import replica
from pagecache import marker as markers

pytestmark = pytest.mark.django_db
router = replica.ReplicaRouter()


@pytest.fixture(autouse=True)
def fresh_state():
    replica.state.reset()
    yield
    replica.state.reset()


@pytest.fixture
def positions(monkeypatch):
    """The primary's WAL position at the last change and the replica's replayed one."""
    found = {"primary": 100, "replica": 100, "replica_calls": 0}

    def replica_position():
        found["replica_calls"] += 1
        if isinstance(found["replica"], Exception):
            raise found["replica"]
        return found["replica"]

    class ReplicaConnection:
        def cursor(self):
            if found.get("down"):
                raise OperationalError("connection refused")
            return self

        def close(self):
            pass

    monkeypatch.setattr(replica, "primary_position", lambda marker: found["primary"])
    monkeypatch.setattr(replica, "replica_position", replica_position)
    monkeypatch.setattr(replica, "connections", {"replica": ReplicaConnection()})
    return found


def serve(path="/", method="get", **extra):
    """Run the middleware and return which database the view read articles and sessions from."""
    seen = {}

    def view(request):
        seen["articles"] = router.db_for_read(Article)
        seen["units"] = router.db_for_read(Unit)
        seen["sessions"] = router.db_for_read(Session)
        seen["users"] = router.db_for_read(User)
        seen["axes"] = router.db_for_read(AccessAttempt)
        seen["write"] = router.db_for_write(Article)
        return HttpResponse("page")

    request = getattr(RequestFactory(), method)(path, **extra)
    response = replica.ReplicaReadsMiddleware(view)(request)
    return seen, response


def test_parse_lsn_orders_positions_as_postgresql_does():
    assert replica.parse_lsn("0/3000148") == 0x3000148
    assert replica.parse_lsn("16/B374D848") > replica.parse_lsn("15/FFFFFFFF")
    assert replica.parse_lsn(None) is None


def test_anonymous_public_page_reads_the_replica_but_never_for_auth_sessions_or_axes(positions):
    seen, response = serve("/berita/2024/08/30/judul/")
    assert seen["articles"] == seen["units"] == "replica"
    assert seen["sessions"] == seen["users"] == seen["axes"] == "default"
    assert seen["write"] == "default"
    assert response["X-Newsroom-Read"] == "replica"


@pytest.mark.parametrize(
    ("path", "method", "extra"),
    [
        ("/admin/login/", "get", {}),
        ("/admin/articles/article/", "get", {}),
        ("/pratinjau/abc/", "get", {}),
        ("/", "post", {}),
        ("/", "get", {"HTTP_COOKIE": "sessionid=abc"}),
        ("/", "get", {"HTTP_COOKIE": "messages=abc"}),
        ("/", "get", {"HTTP_AUTHORIZATION": "Basic eDp5"}),
    ],
)
def test_everything_but_anonymous_public_reads_stays_on_the_primary(positions, path, method, extra):
    seen, response = serve(path, method, **extra)
    assert seen["articles"] == "default"
    assert "X-Newsroom-Read" not in response


def test_a_replica_behind_the_last_change_is_not_read(positions):
    positions["replica"] = 99
    seen, response = serve()
    assert seen["articles"] == "default"
    assert "X-Newsroom-Read" not in response
    positions["replica"] = 100  # caught up
    assert serve()[0]["articles"] == "replica"


def test_a_replica_known_to_be_far_enough_is_not_asked_again(positions):
    positions["replica"] = 150
    serve()
    serve()
    assert positions["replica_calls"] == 1
    positions["primary"] = 160  # a later change: ask again
    serve()
    assert positions["replica_calls"] == 2


def test_a_replica_that_fails_is_left_alone_for_a_few_seconds(positions, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(replica.time, "monotonic", lambda: clock[0])
    positions["replica"] = OperationalError("connection refused")
    assert serve()[0]["articles"] == "default"
    positions["replica"] = 100
    assert serve()[0]["articles"] == "default"
    assert positions["replica_calls"] == 1
    clock[0] += replica.RETRY_SECONDS + 0.1
    assert serve()[0]["articles"] == "replica"


def test_a_replica_that_went_away_since_its_position_was_read_is_not_used(positions):
    assert serve()[0]["articles"] == "replica"
    positions["down"] = True  # stopped; its last known position is still far enough
    seen, response = serve()
    assert seen["articles"] == "default"
    assert positions["replica_calls"] == 1


def test_a_server_that_is_not_a_replica_is_never_taken_for_a_fresh_one(positions):
    positions["replica"] = None  # pg_last_wal_replay_lsn() is NULL on a primary
    assert serve()[0]["articles"] == "default"


def test_the_primary_position_is_recorded_once_per_marker(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("WAL positions are PostgreSQL's")
    marker = markers.renew()
    first = replica.primary_position(marker)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        now = replica.parse_lsn(cursor.fetchone()[0])
    assert 0 < first <= now
    assert replica.primary_position(marker) == first
    assert replica.primary_position(markers.renew()) >= first


def test_the_router_keeps_migrations_off_the_replica():
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")
