"""Full-text search over releases: PostgreSQL ranking, a plain fallback elsewhere.

On PostgreSQL, migration 0005 stores each release's search vector in a generated column
(articles_article.search_vector: title A, lead B, body C, 'simple' + unaccent) with a GIN index,
and keeps a table of the releases' words with a trigram index for typo suggestions.
"""

import json
import math
import re
import socket
import unicodedata
from contextlib import contextmanager, suppress
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.db.models import Expression, F, Q, QuerySet
from django.utils.functional import cached_property

from pagecache.backends import CacheUnavailable

from .pagination import PublicPaginator

MAX_QUERY_LENGTH = 200
# 'simple' keeps Indonesian words as written; unaccent folds "café" into "cafe".
SEARCH_CONFIG = "simple_unaccent"
# Matches of a query are ranked by relevance when there are at most RANK_WINDOW of them (the
# planner's estimate; at most the newest RANK_WINDOW are read); a query expected in more
# releases lists them newest first. Either way a page reads a bounded number of rows, however
# many releases match, and the total beyond the window is the planner's estimate.
RANK_WINDOW = 1000
# A search statement that runs longer is cancelled and the reader asked to try again.
STATEMENT_TIMEOUT_MS = 2000
# Searches running at once on one machine (all its workers); more are refused at once.
MAX_CONCURRENT_SEARCHES = 2
# A slot whose worker died frees itself after this long (a search lasts at most a few seconds).
SLOT_SECONDS = 10
RETRY_AFTER_SECONDS = 5
# Without results, unknown words of the query are matched against known ones. (A word in any
# release is known, so with results there is nothing to suggest, and a list page keeps its
# number of queries.)
SUGGEST_BELOW = 1
SUGGEST_WORDS = 6
# Unit names are written joined and apart: "Satlantas" and "Sat Lantas", "Polsek Kaliwates".
UNIT_PREFIXES = ("polsek", "polres", "sat")
_JOINED_UNIT = re.compile(r"(polsek|polres|sat)([a-z]{4,})")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")
_WORD = re.compile(r"[^\W\d_]+")


class SearchUnavailable(Exception):
    """Search cannot answer now: too many searches at once, or this one took too long."""


class StoredSearchVector(Expression):
    """The search_vector column of migration 0005, under whatever alias its table has."""

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__()
        # The primary key stands in for the column the model does not know, so that the
        # table's alias follows the query (a subquery renames it).
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.pk)
        table, _ = sql.rsplit(".", 1)
        return f"{table}.{connection.ops.quote_name('search_vector')}", params


def clean_query(raw):
    """Return a reader's query without control characters, spaces squeezed, at most 200 characters.

    A longer query is cut after its last whole word within the limit (a cut word would match
    nothing), or at the limit when that is inside its first word.
    """
    text = " ".join(_CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    words = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
    return words if len(words) <= MAX_QUERY_LENGTH else text[:MAX_QUERY_LENGTH]


def fold(word):
    """Return a word lower case and without accents, as the search configuration sees it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_query(text):
    """Return the SearchQuery of a reader's text: websearch syntax, unit names either way."""

    def query(words, search_type="plain"):
        return SearchQuery(words, config=SEARCH_CONFIG, search_type=search_type)

    if '"' in text:  # a quoted phrase is taken as written
        return query(text, "websearch")
    words, rest, variants = text.split(), [], []
    position = 0
    while position < len(words):
        word, following = words[position], words[position + 1 : position + 2]
        folded = fold(word)
        joined = _JOINED_UNIT.fullmatch(folded)
        if folded in UNIT_PREFIXES and following and following[0].isalpha():
            # "sat lantas": both words, or the joined "satlantas"
            pair = f"{word} {following[0]}"
            variants.append(query(pair) | query(folded + fold(following[0])))
            position += 2
            continue
        if joined:
            # "satlantas": as written, or "sat" followed by "lantas"
            variants.append(query(folded) | query(" ".join(joined.groups()), "phrase"))
        else:
            rest.append(word)
        position += 1
    combined = query(" ".join(rest), "websearch") if rest else None
    for variant in variants:
        combined = variant if combined is None else combined & variant
    return combined


class Found(NamedTuple):
    """The releases found; whether they stop at RANK_WINDOW; the planner's count beyond it."""

    results: QuerySet
    windowed: bool = False
    estimated: int | None = None


def find(queryset, query):
    """Return the Found releases of `queryset` matching a reader's query.

    On PostgreSQL, a query the planner expects in more than RANK_WINDOW releases lists them
    newest first: walking the list index, a page reads about as many vectors as it shows.
    Otherwise its matches, at most the newest RANK_WINDOW, are ranked by relevance then date.
    Elsewhere every word must appear in the title, lead or body; newest first.
    """
    query = clean_query(query)
    if not query:
        return Found(queryset.none())
    if connection.vendor == "postgresql":
        terms = search_query(query)
        found = matching(queryset, terms).order_by("-published_at", "-pk")
        estimate = planned_rows(found)
        if estimate > RANK_WINDOW:
            return Found(found, windowed=True, estimated=about(estimate))
        ranked = (
            queryset.filter(pk__in=found.values("pk")[:RANK_WINDOW])
            .annotate(rank=SearchRank(StoredSearchVector(), terms))
            .order_by("-rank", "-published_at", "-pk")
        )
        return Found(ranked, windowed=True)
    matches = Q()
    for word in query.split():
        matches &= Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
    return Found(queryset.filter(matches).order_by("-published_at", "-pk"))


def search_articles(queryset, query):
    """Return the releases of `queryset` matching `query`, the most relevant first (see find)."""
    return find(queryset, query).results


def matching(queryset, terms):
    """Return the releases of queryset whose stored vector matches the SearchQuery terms."""
    return queryset.alias(document=StoredSearchVector()).filter(document=terms)


def planned_rows(queryset):
    """Return the number of rows PostgreSQL's planner expects the queryset to return."""
    plan = json.loads(queryset.select_related(None).order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def about(number):
    """Return number rounded up to two significant digits: an estimate is no more precise."""
    digits = max(len(str(number)) - 2, 0)
    return math.ceil(number / 10**digits) * 10**digits


class SearchPaginator(PublicPaginator):
    """Pages of search results; the total is given when only the planner can tell it.

    Results listed newest first (see find) are paged through their newest RANK_WINDOW; a first
    page that comes back short tells the exact total, which then replaces the estimate.
    """

    def __init__(self, *args, total=None, **kwargs):
        super().__init__(*args, bookmarks=False, **kwargs)
        self.total = total

    @cached_property
    def count(self):
        return super().count if self.total is None else self.total

    def page(self, number):
        page = super().page(number)
        if self.total is not None and page.number == 1:
            page.object_list = list(page.object_list)
            if len(page.object_list) < self.per_page:
                self.total = self.count = len(page.object_list)
                self.__dict__.pop("num_pages", None)
        return page


def suggestion(queryset, query):
    """Return the query with its unknown words replaced by the most similar known words.

    Empty when every word is known, nothing similar exists, the suggestion finds no release
    of queryset (the words table also has words of releases no longer or not yet public), or
    not on PostgreSQL.
    """
    if connection.vendor != "postgresql":
        return ""
    words = [fold(word) for word in _WORD.findall(clean_query(query))][:SUGGEST_WORDS]
    if not words:
        return ""
    with connection.cursor() as cursor:
        # The most similar known word for each (the word itself when it is known).
        cursor.execute(
            """
            SELECT typed.word, (
                SELECT known.word FROM articles_searchword AS known
                WHERE known.word %% typed.word
                ORDER BY similarity(known.word, typed.word) DESC, known.word
                LIMIT 1
            )
            FROM unnest(%s::text[]) WITH ORDINALITY AS typed(word, position)
            ORDER BY typed.position
            """,
            [words],
        )
        pairs = cursor.fetchall()
    suggested = [known or typed for typed, known in pairs]
    if suggested == words:
        return ""
    text = " ".join(suggested)
    return text if matching(queryset, search_query(text)).exists() else ""


@contextmanager
def limited():
    """Run a search in one of this machine's few slots and within the statement time limit.

    Raise SearchUnavailable when every slot is taken or a statement ran out of time. While
    the cache is unavailable the slots cannot be counted: searches run with the time limit
    alone (and gunicorn's worker count) rather than not at all.
    """
    try:
        slot = take_slot()
    except CacheUnavailable:
        slot = ""
    if slot is None:
        raise SearchUnavailable("too many searches at once")
    try:
        with time_limit():
            yield
    finally:
        if slot:
            # A slot left taken frees itself after SLOT_SECONDS.
            with suppress(CacheUnavailable):
                cache.delete(slot)


def take_slot():
    """Return the cache key of a free search slot of this machine, now taken, or None.

    Gunicorn's sync workers are processes serving one request each, so a semaphore in one
    process would never see the others; the slots live in the shared cache instead. Each slot
    is its own key, taken with add() (SET NX on Redis) and expiring by itself, so a worker
    killed mid-search cannot leave the count wrong for longer than SLOT_SECONDS.
    """
    host = socket.gethostname()
    keys = [f"search-slot:{host}:{number}" for number in range(MAX_CONCURRENT_SEARCHES)]
    # One round trip tells the taken slots: in a storm, every refusal costs just that one.
    taken = cache.get_many(keys)
    for key in keys:
        if key not in taken and cache.add(key, 1, SLOT_SECONDS):
            return key
    return None


@contextmanager
def time_limit():
    """Run the block in a transaction whose statements PostgreSQL cancels after the limit."""
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [f"{STATEMENT_TIMEOUT_MS}ms"],
                )
            yield
            if nested:
                # Within an outer transaction, SET LOCAL would last until that one ends; rolling
                # back this savepoint ends it now, and a search writes nothing to lose.
                transaction.set_rollback(True)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchUnavailable("the search took too long") from error
        raise
