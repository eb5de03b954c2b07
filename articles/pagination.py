import contextlib
import datetime
import hashlib

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from .cache import cached_public, current_marker

# Releases between two bookmarks: a deep page reads at most this many index entries.
BOOKMARK_EVERY = 1000
NEWEST_FIRST = ("-published_at", "-id")


class PublicPaginator(Paginator):
    """A paginator over public releases whose deep pages cost about what page 1 costs.

    A page first picks its ids in a subquery (OFFSET/LIMIT reading only the index the list is
    ordered by) and then loads just those rows with their joins: a deferred join in one
    statement. For lists ordered newest first, every 1,000th release is bookmarked (its time and
    id), so a deep page seeks to the bookmark before it through the index and skips fewer than
    1,000 entries instead of all those before it. The total, which every page shows, and the
    bookmarks are computed once per version of the public pages (see articles.cache).
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        return cached_public(count_key(queryset), queryset.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.slice(bottom, top), number, self)

    def slice(self, bottom, top):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or queryset.query.distinct or bottom == 0:
            return queryset[bottom:top]
        skipped = bottom - bottom % BOOKMARK_EVERY
        rows = queryset
        if skipped and ordering(queryset) == NEWEST_FIRST:
            bookmark = self.bookmark(skipped)
            if bookmark is not None:
                published_at, pk = bookmark
                rows = queryset.filter(
                    Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lte=pk),
                    published_at__lte=published_at,
                )
                bottom, top = bottom - skipped, top - skipped
        return queryset.filter(pk__in=rows.values("pk")[bottom:top])

    def bookmark(self, offset):
        """Return (published_at, id) of the release at `offset` of the list, newest first."""
        queryset = self.object_list
        return cached_public(
            f"{count_key(queryset)}:{offset}",
            lambda: next(
                iter(queryset.values_list("published_at", "pk")[offset : offset + 1]), None
            ),
        )


def ordering(queryset):
    query = queryset.query
    order_by = query.order_by or (query.default_ordering and queryset.model._meta.ordering) or ()
    return tuple(order_by)


def count_key(queryset):
    """Return a cache key naming the rows of a public queryset, whatever the time of the request.

    Public querysets compare published_at with the time of the request. Until the marker
    expires no published release becomes visible, so any time between the marker's own time and
    now selects the same rows: such parameters are replaced by a constant.
    """
    sql, params = rows_sql(queryset.query, queryset.db)
    _, changed_at, _ = current_marker()
    since = datetime.datetime.fromtimestamp(changed_at, tz=datetime.UTC)
    now = timezone.now()
    stable = ["now" if since <= as_datetime(p) <= now else repr(p) for p in params]
    text = "\x00".join([queryset.db, queryset.model._meta.label, sql, *stable])
    return "count:" + hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def rows_sql(query, using):
    """Return SQL naming the rows a query selects: its tables, joins and WHERE clause.

    Compiling just these takes a sixth of the time of the whole statement; queries whose rows
    depend on more (grouping, unions, slices) use the whole statement.
    """
    if query.combinator or query.group_by is not None or query.is_sliced or query.distinct:
        return query.sql_with_params()
    where, params = query.get_compiler(using).compile(query.where)
    joins = [
        ":".join(
            str(getattr(join, name, ""))
            for name in ("table_name", "parent_alias", "join_field", "join_type")
        )
        + f"={alias}"
        for alias, join in query.alias_map.items()
    ]
    return " ".join([*joins, "WHERE", where]), params


def as_datetime(param):
    """Return a query parameter as an aware datetime (SQLite gets UTC text), else the epoch."""
    if isinstance(param, str) and len(param) >= 19 and param[4] == "-" and param[10] == " ":
        with contextlib.suppress(ValueError):
            param = datetime.datetime.fromisoformat(param)
    if not isinstance(param, datetime.datetime):
        return EPOCH
    return param if param.tzinfo else param.replace(tzinfo=datetime.UTC)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
