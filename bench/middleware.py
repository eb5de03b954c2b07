from pagecache.middleware import PublicPageCacheMiddleware


class PageCacheExceptBareViews(PublicPageCacheMiddleware):
    """The page cache for the site's pages; the bench's bare views pass straight through."""

    def __call__(self, request):
        if request.path.startswith("/_bench/"):
            return self.get_response(request)
        return super().__call__(request)
