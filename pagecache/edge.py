"""An edge cache in front of the app (nginx's proxy_cache, a CDN): what it may keep, and purging.

With EDGE_CACHE_SECONDS above 0, public pages sent to anonymous visitors say that a shared
cache may keep them that many seconds (`s-maxage`) while browsers still revalidate every time
(`max-age=0`). Only what the page cache itself would store gets it: never the admin, previews,
search refusals or errors.

EDGE_PURGE_URL, when set, is called (a POST) every time the public pages change (the marker is
renewed), so an edge keeping pages longer drops them at once. A purge that fails is logged, never
raised: the edge then serves the old page until its s-maxage runs out.
"""

import http.client
import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

PURGE_TIMEOUT = 2  # seconds: a purge runs after a commit, in the request that made it


def allow_edge_caching(response, seconds):
    """Let shared caches keep this public page `seconds`; browsers revalidate it every time."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)


def purge():
    """Ask the edge cache to drop its pages (EDGE_PURGE_URL); log a failure, never raise.

    The body is `{"purge_everything": true}`, what a CDN's purge API takes; EDGE_PURGE_TOKEN,
    if set, is sent as a bearer token.
    """
    url = getattr(settings, "EDGE_PURGE_URL", "")
    if not url:
        return
    parts = urllib.parse.urlsplit(url)
    # Logged without what may be a secret in the address (user:password@, a query).
    shown = f"{parts.scheme}://{parts.hostname}{parts.path}"
    headers = {"Content-Type": "application/json"}
    token = getattr(settings, "EDGE_PURGE_TOKEN", "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = json.dumps({"purge_everything": True}).encode()
    try:
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as answer:
            answer.read(65536)
    except (OSError, ValueError, http.client.HTTPException) as error:
        # OSError covers refused connections, time-outs and error statuses (HTTPError).
        logger.warning("Edge cache purge at %s failed: %s", shown, error)
    else:
        logger.info("Edge cache purged (%s)", shown)
