"""The shared marker that tells every process when the public pages changed.

The marker lives in Django's default cache (Redis, or a folder every local process shares) as
(token, changed_at, expires_at). Cached pages and fragments are stored under the token; a
committed write replaces the token. Pages also change by time alone (a scheduled release
becomes public without any write), so the marker carries the time of the next such change and
is treated as stale once that time has come.

Two rules keep the number of renewals down, since every renewal makes every worker render the
pages again: a transaction renews the marker once, after it commits, however many rows it
wrote; and a marker gone stale by time is renewed by one worker only, the one that takes the
lock (the cache's atomic add, SET NX on Redis), while the others wait for its new marker.
"""

import contextlib
import contextvars
import datetime
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import edge
from .backends import CacheUnavailable

KEY = "public-pages-version"
# How long a worker may hold the renewal lock, and how long others wait for its marker.
LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
WAIT_STEP = 0.01


class Marker(NamedTuple):
    token: str
    changed_at: float  # a timestamp: pages' Last-Modified
    expires_at: float | None  # the next scheduled change, or None

    def is_current(self, now: datetime.datetime | None = None) -> bool:
        """Return True until the time of the next scheduled change has come."""
        return self.expires_at is None or (now or timezone.now()).timestamp() < self.expires_at


def _no_schedule() -> datetime.datetime | None:
    return None


# What tells the marker when the pages change by time alone; set by set_schedule().
_next_change: Callable[[], datetime.datetime | None] = _no_schedule


def set_schedule(next_change: Callable[[], datetime.datetime | None]) -> None:
    """Register the function returning the next time the public pages change without a write.

    The articles app registers the time of its next scheduled release (ArticlesConfig.ready).
    """
    global _next_change
    _next_change = next_change


# The marker as the page cache read it at the start of this request; saves reading it again.
_request_marker: contextvars.ContextVar[Marker | None] = contextvars.ContextVar(
    "public_pages_marker", default=None
)


# Set when a committed write could not renew the marker (the cache was down): the marker the
# cache holds is then older than the data, so this process renews it at its next chance.
_renewal_owed = False


def is_current(marker: object) -> bool:
    """Return True if the value read from the cache is a marker still valid now."""
    return isinstance(marker, Marker) and marker.is_current() and not _renewal_owed


def renew() -> Marker:
    """Store and return a new marker: every page cached before is stale from now on.

    The marker never expires by itself, so a Redis evicting only keys with a timeout
    (volatile-lru) keeps it; one that evicts any key (allkeys-lru) may drop it, and the next
    request then finds no marker and renews it, which stales every cached page: a renewal
    costs renders, never a stale page. Raises CacheUnavailable when the cache fails.
    """
    global _renewal_owed
    now = timezone.now()
    upcoming = _next_change()
    marker = Marker(uuid.uuid4().hex, now.timestamp(), upcoming.timestamp() if upcoming else None)
    cache.set(KEY, marker, timeout=None)
    _renewal_owed = False
    if _request_marker.get() is not None:
        _request_marker.set(marker)
    edge.purge()
    return marker


def refresh(stale: object) -> Marker:
    """Return the marker that follows a stale or missing one, renewed once for all workers."""
    lock = f"{KEY}:renewing:{stale.token if isinstance(stale, Marker) else ''}"
    if cache.add(lock, 1, timeout=LOCK_SECONDS):
        return renew()
    # Another worker is renewing it: wait for its marker instead of making a third one.
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        marker = cache.get(KEY)
        if is_current(marker) and marker != stale:
            return marker
    return renew()  # the worker holding the lock has gone


def current() -> Marker:
    """Return the current marker, renewing a stale or missing one."""
    marker = _request_marker.get()
    if marker is None or not marker.is_current():
        marker = cache.get(KEY)
    return marker if is_current(marker) else refresh(marker)


@contextlib.contextmanager
def for_request(marker: Marker) -> Iterator[None]:
    """Let the code serving one request reuse the marker read at its start."""
    token = _request_marker.set(marker)
    try:
        yield
    finally:
        _request_marker.reset(token)


class _Renewal:
    """One renewal, run after the commit by the first of the callbacks that share it."""

    done = False

    def __call__(self) -> None:
        global _renewal_owed
        if not self.done:
            self.done = True
            try:
                renew()
            except CacheUnavailable:
                # The write is committed; only the pages are behind. Renew when the cache is
                # back, and let the edge drop its pages now.
                _renewal_owed = True
                edge.purge()


_pending = threading.local()


def invalidate() -> None:
    """Make every cached public page stale in every process, once the transaction commits.

    Renewing after the commit, not before, means no other process can cache a page rendered
    from the data before the commit under the new marker. A transaction that writes many rows
    renews the marker once: the callbacks it registers share one renewal. A rolled back
    transaction drops its callbacks, and its unused renewal is shared with the next one.
    """
    renewal = getattr(_pending, "renewal", None)
    if renewal is None or renewal.done:
        renewal = _pending.renewal = _Renewal()
    transaction.on_commit(renewal)
