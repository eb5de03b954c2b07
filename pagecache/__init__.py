"""The cache of public pages: a shared marker, the middleware, cached fragments and counts.

Everything cached for the public pages is stored under the token of one shared marker (see
marker.py). Changing the marker makes all of it stale at once, in every process that shares
the cache. Apps call invalidate() when what the public sees has changed; the marker also
expires by itself at the time the next scheduled release becomes public.
"""

from .marker import invalidate

__all__ = ["invalidate"]
