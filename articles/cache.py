"""The shared marker that tells every process when public pages changed.

The marker lives in Django's default cache (Redis, or a folder every local process shares) as
(token, changed_at, expires_at). Cached pages and fragments are stored under the token; a write
replaces the token. Releases also become visible by time alone (scheduled publication), without
any write, so the marker carries the time of the next scheduled publication and is treated as
stale once that time has come.
"""

import contextlib
import contextvars
import uuid

from django.core.cache import cache
from django.core.cache.backends import redis
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "public-pages-version"
# The marker as the page cache read it at the start of this request; saves reading it again.
request_marker = contextvars.ContextVar("public_pages_marker", default=None)


def next_scheduled_publication(now):
    """Return the earliest time after `now` at which a published release becomes visible."""
    from .models import Article

    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def renew_marker():
    """Store and return a new marker: every page cached before is stale from now on."""
    now = timezone.now()
    upcoming = next_scheduled_publication(now)
    marker = (uuid.uuid4().hex, now.timestamp(), upcoming.timestamp() if upcoming else None)
    cache.set(VERSION_KEY, marker, timeout=None)
    if request_marker.get() is not None:
        request_marker.set(marker)
    return marker


def is_current(marker, now=None):
    """Return True if the marker is still valid: no scheduled release has become visible since."""
    if not isinstance(marker, tuple) or len(marker) != 3:
        return False
    expires_at = marker[2]
    return expires_at is None or (now or timezone.now()).timestamp() < expires_at


def current_marker():
    """Return (token, changed_at, expires_at) of the public pages, renewing a stale one."""
    marker = request_marker.get()
    if marker is None or not is_current(marker):
        marker = cache.get(VERSION_KEY)
    return marker if is_current(marker) else renew_marker()


@contextlib.contextmanager
def marker_for_request(marker):
    """Let the code serving one request reuse the marker read at its start."""
    token = request_marker.set(marker)
    try:
        yield
    finally:
        request_marker.reset(token)


def public_pages_version():
    """Return the current version of the public pages; it changes on every invalidation."""
    return current_marker()[0]


def invalidate_public_pages():
    """Make every cached public page stale, in every process that shares the cache.

    Inside a transaction the marker is renewed now (for this process) and again after the
    commit, so another process cannot cache a page rendered from the data before the commit
    under the new marker.
    """
    renew_marker()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is renew_marker for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(renew_marker)


# Values already fetched by this process for the current marker token. A new token (any write,
# in any process) empties it, so it can never serve what the shared cache would not.
_local = {"token": None, "values": {}}
LOCAL_MAX_ENTRIES = 2000


def cached_public(key, compute, timeout=600):
    """Return compute(), cached under the current marker: counts, unit lists, popular tags.

    Values are kept in this process too, so a page reads them without a round trip to the
    cache; treat them as read-only.
    """
    token = public_pages_version()
    if _local["token"] != token:
        _local["token"], _local["values"] = token, {}
    values = _local["values"]
    if key in values:
        return values[key]
    value = cache.get_or_set(key, compute, timeout, version=token)
    if len(values) < LOCAL_MAX_ENTRIES:
        values[key] = value
    return value


class ReusingRedisCacheClient(redis.RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis for every operation, which costs more (60 µs here) than a
    round trip to a local Redis; the page cache does one operation per page.
    """

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(redis.RedisCache):
    """Django's Redis cache with the client above (settings: CACHES when REDIS_URL is set)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
