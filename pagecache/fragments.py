"""Values that public pages share, cached under the marker: counts, unit lists, popular tags."""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from . import marker
from .backends import CacheUnavailable

# Values already fetched by this process for the current marker token. A new token (any write,
# in any process) empties it, so it can never serve what the shared cache would not.
_local: dict[str, Any] = {"token": None, "values": {}}
LOCAL_MAX_ENTRIES = 2000
_MISSING = object()


def cached(key: str, compute: Callable[[], Any], timeout: int = 600) -> Any:
    """Return compute(), cached under the current marker.

    Values are kept in this process too, so a page reads them without a round trip to the
    cache; treat them as read-only. When the cache fails, compute() is simply called.
    """
    try:
        token = marker.current().token
    except CacheUnavailable:
        return compute()  # without a marker nothing here can be known to be current
    if _local["token"] != token:
        _local["token"], _local["values"] = token, {}
    values = _local["values"]
    if key in values:
        return values[key]
    try:
        value = cache.get(key, _MISSING, version=token)
    except CacheUnavailable:
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.add(key, value, timeout, version=token)
        except CacheUnavailable:
            return value
    if len(values) < LOCAL_MAX_ENTRIES:
        values[key] = value
    return value
