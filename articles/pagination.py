from typing import NamedTuple

from django.db.models import QuerySet

from pagecache import fragments
from pagecache.pagination import CachedCountPaginator

# Releases between two bookmarks: a deep page reads at most this many index entries.
BOOKMARK_EVERY = 1000


class Bookmark(NamedTuple):
    """The time and id of one release of a list: what ArticleQuerySet.older_than() reads."""

    published_at: object
    pk: int


class PublicPaginator(CachedCountPaginator):
    """A paginator over public releases whose deep pages cost about what page 1 costs.

    A page first picks its ids in a subquery (OFFSET/LIMIT reading only the index the list is
    ordered by) and then loads just those rows with their joins: a deferred join in one
    statement. For lists ordered newest first, every 1,000th release is bookmarked (its time and
    id), so a deep page seeks past the bookmark through the index and skips fewer than 1,000
    entries instead of all those before it. The total, which every page shows, and the
    bookmarks are computed once per version of the public pages (see pagecache), under the
    count_key the view gives; bookmarks=False for lists in another order (search results).
    """

    def __init__(self, *args, bookmarks: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookmarks = bookmarks

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.slice(bottom, top), number, self)

    def slice(self, bottom, top):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or bottom == 0:
            return queryset[bottom:top]
        skipped = bottom - bottom % BOOKMARK_EVERY
        rows = queryset
        if skipped and self.bookmarks and self.count_key:
            bookmark = self.bookmark(skipped - 1)
            if bookmark is not None:
                rows = queryset.older_than(bookmark)
                bottom, top = bottom - skipped, top - skipped
        return queryset.filter(pk__in=rows.values("pk")[bottom:top])

    def bookmark(self, offset):
        """Return the Bookmark of the release at `offset` of the list, newest first."""
        queryset = self.object_list

        def find():
            row = queryset.values_list("published_at", "pk")[offset : offset + 1]
            return next((Bookmark(*found) for found in row), None)

        return fragments.cached(f"{self.count_key}:bookmark:{offset}", find)
