import contextlib
import datetime
import hashlib

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from .cache import cached_public, current_marker


class PublicPaginator(Paginator):
    """A paginator over public releases whose deep pages cost about what page 1 costs.

    A page first picks its 20 ids in a subquery (OFFSET/LIMIT over the index the list is ordered
    by, reading only the index) and then loads just those rows with their joins: a deferred join
    in one statement. The total, which every page shows, is counted once per version of the
    public pages (see articles.cache) instead of on every request.
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
        return queryset.filter(pk__in=queryset.values("pk")[bottom:top])


def count_key(queryset):
    """Return a cache key naming the rows of a public queryset, whatever the time of the request.

    Public querysets compare published_at with the time of the request. Until the marker
    expires no published release becomes visible, so any time between the marker's own time and
    now selects the same rows: such parameters are replaced by a constant.
    """
    sql, params = queryset.query.sql_with_params()
    _, changed_at, _ = current_marker()
    since = datetime.datetime.fromtimestamp(changed_at, tz=datetime.UTC)
    now = timezone.now()
    stable = ["now" if since <= as_datetime(p) <= now else repr(p) for p in params]
    text = "\x00".join([queryset.db, sql, *stable])
    return "count:" + hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def as_datetime(param):
    """Return a query parameter as an aware datetime (SQLite gets UTC text), else the epoch."""
    if isinstance(param, str) and len(param) >= 19 and param[4] == "-" and param[10] == " ":
        with contextlib.suppress(ValueError):
            param = datetime.datetime.fromisoformat(param)
    if not isinstance(param, datetime.datetime):
        return EPOCH
    return param if param.tzinfo else param.replace(tzinfo=datetime.UTC)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
