"""Django's Redis cache, made safe to lose: a Redis that fails costs a moment, not the site.

Redis is optional, and everything kept in it can be rebuilt (pages, fragments, counters), so
when it refuses connections or stops answering the site must go on without it. Three things
make that so:

- socket timeouts (settings: the cache's OPTIONS) bound how long one call can wait;
- a failed call raises CacheUnavailable, one exception that callers catch to carry on without
  the cache (pagecache.middleware renders the page, pagecache.fragments computes the value,
  the admin skips its double-submit guard, ...);
- after a failure this process does not ask Redis again for RETRY_AFTER seconds: it raises
  CacheUnavailable at once. A page calls the cache a few times; without this, a Redis that
  accepts connections and never answers would cost every one of those calls a full timeout.

Failures are logged at most once a minute per process, with the number left unlogged, so an
outage does not flood the log with one line per request.
"""

import logging
import math
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without asking a Redis that just failed
LOG_EVERY = 60.0  # seconds between two log lines about failures


class CacheUnavailable(Exception):
    """The shared cache failed, or failed moments ago and is not asked again yet."""


class Health:
    """What this process knows of one Redis: until when to leave it alone, what to log."""

    def __init__(self):
        self.down_until = -math.inf
        self.logged_at = -math.inf
        self.unlogged = 0

    def check(self, location):
        if time.monotonic() < self.down_until:
            self.unlogged += 1
            raise CacheUnavailable(f"the cache at {location} failed moments ago")

    def failed(self, location, error, retry_after):
        now = time.monotonic()
        self.down_until = now + retry_after
        if now - self.logged_at >= LOG_EVERY:
            logger.warning(
                "Cache at %s unavailable (%s: %s); serving without it, retrying every %s s "
                "(%d failures since the last message)",
                location,
                type(error).__name__,
                error,
                retry_after,
                self.unlogged,
            )
            self.logged_at, self.unlogged = now, 0
        else:
            self.unlogged += 1


# One per Redis location, shared by the cache objects of every thread of this process.
_health: dict[str, Health] = {}


class RedisCache(django_redis.RedisCache):
    """RedisCache whose operations raise CacheUnavailable, quickly, when Redis fails.

    CACHES["default"]["RETRY_AFTER"] sets how long a failed Redis is left alone (seconds).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)
        self.retry_after = float(params.get("RETRY_AFTER", RETRY_AFTER))
        self.health = _health.setdefault(self.location, Health())


def _guarded(name):
    operation = getattr(django_redis.RedisCache, name)

    def method(self, *args, **kwargs):
        self.health.check(self.location)
        try:
            return operation(self, *args, **kwargs)
        except RedisError as error:  # refused, timed out, reset, out of memory, ...
            self.health.failed(self.location, error, self.retry_after)
            raise CacheUnavailable(str(error)) from error

    method.__name__ = name
    method.__doc__ = operation.__doc__
    return method


# Every public operation of Django's RedisCache; the others (get_or_set, decr, the async
# variants) are built on these.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(RedisCache, _name, _guarded(_name))
