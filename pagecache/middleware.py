import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from . import edge
from . import marker as markers
from .backends import CacheUnavailable

# What a cached page may vary on: the language is part of the key, and a request carrying a
# cookie that changes the page (a session, pending messages) is never served from the cache.
HARMLESS_VARY = {"accept-language", "cookie"}
NEVER_CACHE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")
# The only query parameters a public page reads: pagination and search, and the page number
# of a sitemap section (Django's sitemap view, `?p=2` past 10,000 releases). A stored page's
# address has no others: the cache's keyspace stays bounded by the site's real addresses.
PAGE_PARAMETERS = ("page", "q", "p")


class PublicPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache, with ETag/Last-Modified.

    It sits before the session, auth, CSRF and message middleware so a cache hit skips them.
    Entries are stored under the shared marker (pagecache.marker), so a write anywhere, or the
    time of a scheduled release, makes them stale in every process. Nothing is stored for a request that
    carries a session or messages cookie, nor for a response that sets a cookie, says private or
    no-store (previews use never_cache), or is not a 200 (a 404 gets validators, not an entry).

    Only the parameters pages read (PAGE_PARAMETERS) make the key; a public page asked for
    with others is answered with a permanent redirect to its clean address. When the cache
    fails (CacheUnavailable) the page is rendered without it.
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
        try:
            # One round trip for the marker and the page.
            found = cache.get_many([markers.KEY, key]) if enabled else {}
            marker = found.get(markers.KEY) if enabled else markers.current()
            if not markers.is_current(marker):
                marker = markers.refresh(marker)
        except CacheUnavailable:
            # Redis is down or hanging: render the page as if there were no cache at all.
            return self.without_cache(request)
        entry = found.get(key)
        extra = self.extra_parameters(request)
        if entry and entry[0] == marker.token:
            if extra and entry[1] == 200:
                return self.clean_redirect(request)
            _, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            return self.conditional(request, response)

        with markers.for_request(marker):
            response = self.get_response(request)
        if not self.is_cacheable(response):
            return response
        if extra and response.status_code == 200:
            # The page shows its own address (pagination links, the language form), so it
            # cannot be stored under the clean one: send the visitor there instead.
            return self.clean_redirect(request)
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(marker.changed_at)
        self.patch_cache_control(response)
        # A 404 is not stored: junk addresses would each take an entry. It is cheap to render.
        if enabled and response.status_code == 200 and not extra:
            entry = (marker.token, response.status_code, dict(response.items()), response.content)
            with contextlib.suppress(CacheUnavailable):
                cache.set(key, entry, getattr(settings, "PAGE_CACHE_TIMEOUT", 600))
        return self.conditional(request, response)

    def without_cache(self, request):
        """Render the page with no marker: validators from its content, nothing stored."""
        response = self.get_response(request)
        if not self.is_cacheable(response):
            return response
        if self.extra_parameters(request) and response.status_code == 200:
            return self.clean_redirect(request)
        if not response.has_header("ETag"):
            set_response_etag(response)
        self.patch_cache_control(response)
        return self.conditional(request, response)

    def patch_cache_control(self, response):
        """Browsers revalidate every time; an edge cache may keep a public page a few seconds."""
        seconds = getattr(settings, "EDGE_CACHE_SECONDS", 0)
        if seconds > 0 and response.status_code == 200:
            edge.allow_edge_caching(response, seconds)
        else:
            patch_cache_control(response, no_cache=True)

    def extra_parameters(self, request):
        return any(name not in PAGE_PARAMETERS for name in request.GET)

    def clean_query(self, request):
        """Return the request's query string with only the parameters pages read."""
        query = QueryDict(mutable=True)
        for name in PAGE_PARAMETERS:
            if name in request.GET:
                query.setlist(name, request.GET.getlist(name))
        return query.urlencode()

    def clean_redirect(self, request):
        query = self.clean_query(request)
        # One leading slash: "//host/..." would be another site's address.
        path = "/" + request.path.lstrip("/")
        return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))

    def is_anonymous(self, request):
        cookies = request.COOKIES
        return (
            not (cookies and self.skip_cookies.intersection(cookies))
            and "authorization" not in request.headers
        )

    def page_key(self, request):
        language = translation.get_language_from_request(request)
        # Other parameters are left out: a page is only stored as rendered for its clean
        # address, and an address with others is sent there (see __call__).
        url = f"{request.scheme}://{request.get_host()}{request.path}?{self.clean_query(request)}"
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
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
