"""Full-text search over releases: PostgreSQL ranking, a plain fallback elsewhere."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

MAX_QUERY_LENGTH = 200
# 'simple' keeps Indonesian words as written; unaccent folds "café" into "cafe".
# Migration 0003 creates this configuration and a GIN index over SEARCH_VECTOR.
SEARCH_CONFIG = "simple_unaccent"
SEARCH_VECTOR = (
    SearchVector("title", weight="A", config=SEARCH_CONFIG)
    + SearchVector("lead", weight="B", config=SEARCH_CONFIG)
    + SearchVector("body", weight="C", config=SEARCH_CONFIG)
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


def clean_query(raw):
    """Return a reader's query without control characters, spaces squeezed, at most 200 characters."""
    text = _CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_articles(queryset, query):
    """Return the releases of `queryset` matching `query`, ranked by relevance then date."""
    query = clean_query(query)
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.alias(document=SEARCH_VECTOR)
            .annotate(rank=SearchRank(SEARCH_VECTOR, search_query))
            .filter(document=search_query)
            .order_by("-rank", "-published_at", "-pk")
        )
    matches = Q()
    for word in query.split():
        matches &= Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
    return queryset.filter(matches).order_by("-published_at", "-pk")
