"""A paginator whose total is counted once per version of the public pages."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import fragments


class CachedCountPaginator(Paginator):
    """Paginator counting its list once per marker, under a key the caller names.

    The marker changes on every write and at every scheduled publication, so between two
    changes the list's own address (path and query without the page number) identifies its
    rows; views pass that as count_key. Without a key the count is not cached.
    """

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        paginator = super()
        if self.count_key is None:
            return paginator.count
        return fragments.cached(self.count_key, lambda: paginator.count)
