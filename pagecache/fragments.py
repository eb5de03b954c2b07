"""Values that public pages share, cached under the marker: counts, unit lists, popular tags."""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from . import marker

# Values already fetched by this process for the current marker token. A new token (any write,
# in any process) empties it, so it can never serve what the shared cache would not.
_local: dict[str, Any] = {"token": None, "values": {}}
LOCAL_MAX_ENTRIES = 2000


def cached(key: str, compute: Callable[[], Any], timeout: int = 600) -> Any:
    """Return compute(), cached under the current marker.

    Values are kept in this process too, so a page reads them without a round trip to the
    cache; treat them as read-only.
    """
    token = marker.current().token
    if _local["token"] != token:
        _local["token"], _local["values"] = token, {}
    values = _local["values"]
    if key in values:
        return values[key]
    value = cache.get_or_set(key, compute, timeout, version=token)
    if len(values) < LOCAL_MAX_ENTRIES:
        values[key] = value
    return value
