"""The site's own settings, plus the bench's URLconf with two bare views to compare against."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# The bare views must not be answered from the page cache, or they would not be bare.
MIDDLEWARE = [
    "bench.middleware.PageCacheExceptBareViews"
    if name == "pagecache.middleware.PublicPageCacheMiddleware"
    else name
    for name in MIDDLEWARE
]
