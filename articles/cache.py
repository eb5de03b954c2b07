"""The shared marker that tells every process when public pages changed."""

import time

from django.core.cache import cache

VERSION_KEY = "public-pages-version"


def public_pages_version():
    """Return the current version of the public pages; it changes on every invalidation."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def invalidate_public_pages():
    """Make every cached public page stale, in every process that shares the cache."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
