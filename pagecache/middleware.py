import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from . import marker as markers

# What a cached page may vary on: the language is part of the key, and a request carrying a
# cookie that changes the page (a session, pending messages) is never served from the cache.
HARMLESS_VARY = {"accept-language", "cookie"}
NEVER_CACHE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")


class PublicPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache, with ETag/Last-Modified.

    It sits before the session, auth, CSRF and message middleware so a cache hit skips them.
    Entries are stored under the shared marker (pagecache.marker), so a write anywhere, or the
    time of a scheduled release, makes them stale in every process. Nothing is stored for a request that
    carries a session or messages cookie, nor for a response that sets a cookie, says private or
    no-store (previews use never_cache), or is not a 200 or 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_cookies = {
            settings.SESSION_COOKIE_NAME,
            getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
        }

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not self.is_anonymous(request):
            return self.get_response(request)
        enabled = getattr(settings, "PAGE_CACHE", True)
        key = self.page_key(request) if enabled else None
        # One round trip for the marker and the page.
        found = cache.get_many([markers.KEY, key]) if enabled else {}
        marker = found.get(markers.KEY) if enabled else markers.current()
        if not markers.is_current(marker):
            marker = markers.refresh(marker)
        entry = found.get(key)
        if entry and entry[0] == marker.token:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            return self.conditional(request, response)

        with markers.for_request(marker):
            response = self.get_response(request)
        if not self.is_cacheable(response):
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(marker.changed_at)
        patch_cache_control(response, no_cache=True)
        if enabled:
            entry = (marker.token, response.status_code, dict(response.items()), response.content)
            cache.set(key, entry, getattr(settings, "PAGE_CACHE_TIMEOUT", 600))
        return self.conditional(request, response)

    def is_anonymous(self, request):
        cookies = request.COOKIES
        return (
            not (cookies and self.skip_cookies.intersection(cookies))
            and "authorization" not in request.headers
        )

    def page_key(self, request):
        language = translation.get_language_from_request(request)
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        return f"page:{language}:{digest}"

    def is_cacheable(self, response):
        if response.status_code not in (200, 404) or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in NEVER_CACHE_DIRECTIVES):
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= HARMLESS_VARY

    def conditional(self, request, response):
        if response.status_code != 200:
            return response
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response["Last-Modified"]),
            response=response,
        )
