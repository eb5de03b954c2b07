"""Anonymous public pages read from a streaming replica, but never from one that is behind.

With DATABASE_REPLICA_URL set, ReplicaReadsMiddleware (right after the page cache, so it runs
only when a page is rendered) lets an anonymous GET of a public page read the replica, and
ReplicaRouter sends those reads there. Everything else reads and writes the primary: signed-in
editors, the admin, previews, POSTs, management commands (the importer), and the models of
sessions, auth, axes, admin, content types and revisions whatever the request.

Freshness is decided by WAL position, not by time. The first process to see a new page-cache
marker records the primary's current WAL position for it (once, in the shared cache); the
commit that changed the marker is at or before that position, since the marker is renewed only
after the commit. A page may then read the replica only if the replica has replayed up to that
position; otherwise the page reads the primary. So a page rendered from the replica always
contains every change the marker announced, and the page cache (and an edge cache) may store
it. Comparing the replica's last replay time with the marker's time would not do: the commit
that changed the marker is older than the marker, so a caught-up replica in a quiet hour would
look behind forever, and a replica cut off from the primary would look current.

A replica that does not answer is left alone for a few seconds and the primary serves.
"""

import contextlib
import contextvars
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from pagecache import marker as markers

logger = logging.getLogger(__name__)

REPLICA = "replica"
# Models that are always read from the primary, whoever asks.
PRIMARY_ONLY_APPS = {"sessions", "auth", "axes", "admin", "contenttypes", "reversion"}
# Pages that read the primary even for anonymous visitors: the editors' workspace, signed
# previews of drafts, password resets.
PRIMARY_ONLY_PATHS = ("/admin/", "/pratinjau/", "/reset/")
# After a replica failed to answer, how long the primary serves before the replica is tried again.
RETRY_SECONDS = 5.0

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


def parse_lsn(text: str | None) -> int | None:
    """Return a WAL position ("16/B374D848") as an integer, or None."""
    if not text:
        return None
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


class ReplicaRouter:
    """Send the reads of a request marked by ReplicaReadsMiddleware to the replica."""

    def db_for_read(self, model, **hints):
        if _use_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # a replica is read-only; it follows the primary's schema


class _ReplicaState:
    """What this process knows of the replica: a replayed position (a lower bound, since replay
    only moves forward) and when it last failed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.replayed = -1
        self.failed_at = -RETRY_SECONDS

    def reset(self):
        with self.lock:
            self.replayed, self.failed_at = -1, -RETRY_SECONDS


state = _ReplicaState()


def primary_position(marker) -> int:
    """Return the primary's WAL position at or after the change the marker announces."""
    key = f"replica-lsn:{marker.token}"
    position = cache.get(key)
    if position is None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            position = parse_lsn(cursor.fetchone()[0])
        # The first process to record it wins: a later reading would be larger, and still safe.
        cache.add(key, position, timeout=getattr(settings, "PAGE_CACHE_TIMEOUT", 600) + 60)
        position = cache.get(key, position)
    return position


def replica_position() -> int | None:
    """Return how far the replica has replayed the primary's WAL (None: it is not a replica)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        return parse_lsn(cursor.fetchone()[0])


def replica_is_fresh() -> bool:
    """Return True if the replica has every change up to the current marker and answers."""
    if time.monotonic() - state.failed_at < RETRY_SECONDS:
        return False
    try:
        needed = primary_position(markers.current())
        # Connect, or check the kept connection (CONN_HEALTH_CHECKS), now: a replica that
        # went away since its position was read sends this page to the primary, not to a 500.
        connections[REPLICA].cursor().close()
        if state.replayed >= needed:
            return True
        replayed = replica_position()
    except Exception as error:  # a replica or cache that fails means: read the primary
        state.failed_at = time.monotonic()
        logger.warning("Replica not used for %ss: %s", RETRY_SECONDS, error)
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        return False
    if replayed is None:
        return False
    with state.lock:
        state.replayed = max(state.replayed, replayed)
    return replayed >= needed


def may_use_replica(request, skip_cookies) -> bool:
    """Return True for an anonymous GET/HEAD of a public page."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIMARY_ONLY_PATHS)
        and not skip_cookies.intersection(request.COOKIES)
        and "authorization" not in request.headers
    )


class ReplicaReadsMiddleware:
    """Let an anonymous public page read the replica when it holds the marker's last change."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_cookies = {
            settings.SESSION_COOKIE_NAME,
            getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
        }

    def __call__(self, request):
        if not (may_use_replica(request, self.skip_cookies) and replica_is_fresh()):
            return self.get_response(request)
        token = _use_replica.set(True)
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        response["X-Newsroom-Read"] = REPLICA  # which database a page came from (tests, logs)
        return response
