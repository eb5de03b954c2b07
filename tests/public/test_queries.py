"""Each public page runs a fixed number of queries, whatever the number of items on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pagecache import marker
from tests.factories import ArticleFactory, AuthorFactory, UnitFactory

from .conftest import add_photo, hours_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure the page itself, not a copy of it served from the page cache."""
    settings.PAGE_CACHE = False


# The releases, their count and the page's bookmarks, and the photos of its cards in one
# query. The office's identity (header, footer) is read once per marker token, so after a
# change too.
LIST_BUDGET = 7
# The home page also lists the operations running today (one query per version of the pages),
# and the photos of the featured releases.
HOME_BUDGET = LIST_BUDGET + 2
# Search also sets its time limit and asks the planner how many releases match (4 in all); in a
# test its transaction is a savepoint: opened, rolled back and released. With the photos of its
# cards and the office's identity, 9 on PostgreSQL.
SEARCH_BUDGET = 9
# The release with its photos, reporters and tags; the related releases and their photos; the
# corrections; the office's identity.
RELEASE_BUDGET = 10
# The releases with their unit, reporters, tags and photos: 4. A tag feed finds its tag first; a
# unit feed its unit and the units below it.
FEED_BUDGET = {"/feed/": 4, "/feed/atom/": 4, "/unit/polres-jember/feed/": 6, "/tag/tag-3/feed/": 5}
# The releases (or tags) of the sitemap page, and their count for the paginator.
SITEMAP_BUDGET = 2
TAGS = [f"tag {n}" for n in range(20)]


def count_queries(client, url):
    """Return the queries of rendering the page just after content changed.

    Counts and fragments cached for the public pages are cold (a new marker), only the marker
    itself is read: it is renewed once per change for every page, not per page.
    """
    client.get(url)  # per-process caches a running site keeps (content types)
    marker.renew()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def fill(unit, reporters, count):
    for n in range(count):
        article = ArticleFactory(
            unit=unit, authors=reporters, tags=TAGS, featured=True, published_at=hours_ago(n + 1)
        )
        if n < 3:
            add_photo(article)


@pytest.fixture
def site(unit):
    child = UnitFactory(name="Polsek Kaliwates", slug="polsek-kaliwates", parent=unit)
    reporters = [AuthorFactory(slug=f"wartawan-{n}") for n in range(5)]
    return child, reporters


LIST_URLS = [
    "/",
    "/?page=2",
    "/unit/polres-jember/",
    "/unit/polsek-kaliwates/",
    "/tag/tag-3/",
    "/penulis/wartawan-0/",
    "/arsip/{month}/",
    "/cari/?q=patroli",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_page_queries_do_not_grow_with_its_items(client, unit, site, url):
    child, reporters = site
    url = url.format(month=timezone.localdate(hours_ago(1)).strftime("%Y/%m"))
    fill(child, reporters, 21 if "page=2" in url else 1)
    few = count_queries(client, url)
    fill(child, reporters, 20)
    many = count_queries(client, url)
    assert many == few
    budget = LIST_BUDGET
    if url.startswith("/cari/"):
        budget = SEARCH_BUDGET
    elif url == "/" or url.startswith("/?"):
        budget = HOME_BUDGET
    assert many <= budget


def test_release_page_with_20_tags_5_reporters_and_related_releases_stays_in_budget(
    client, unit, site
):
    _, reporters = site
    article = ArticleFactory(
        unit=unit, authors=reporters[:1], tags=TAGS[:1], published_at=hours_ago(5)
    )
    ArticleFactory(unit=unit, tags=TAGS[:1], published_at=hours_ago(6))
    ArticleFactory(unit=unit, tags=TAGS[:1], published_at=hours_ago(4))
    few = count_queries(client, article.get_absolute_url())

    article.authors.set(reporters)
    article.tags.set(TAGS)
    add_photo(article)
    for n in range(6):
        add_photo(
            ArticleFactory(unit=unit, authors=reporters, tags=TAGS, published_at=hours_ago(10 + n))
        )
    many = count_queries(client, article.get_absolute_url())
    assert many == few
    assert many <= RELEASE_BUDGET


@pytest.mark.parametrize(
    "url", ["/feed/", "/feed/atom/", "/unit/polres-jember/feed/", "/tag/tag-3/feed/"]
)
def test_feed_queries_do_not_grow_with_its_items(client, unit, site, url):
    _, reporters = site
    fill(unit, reporters, 1)
    few = count_queries(client, url)
    fill(unit, reporters, 20)
    many = count_queries(client, url)
    assert many == few
    assert many <= FEED_BUDGET[url]


@pytest.mark.parametrize("url", ["/sitemap-releases.xml", "/sitemap-news.xml", "/sitemap-tags.xml"])
def test_sitemap_queries_do_not_grow_with_its_items(client, unit, site, url):
    _, reporters = site
    fill(unit, reporters, 1)
    few = count_queries(client, url)
    fill(unit, reporters, 20)
    many = count_queries(client, url)
    assert many == few
    assert many <= SITEMAP_BUDGET
