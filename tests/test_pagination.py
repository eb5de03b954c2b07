import datetime

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils import timezone

from articles import pagination
from articles.models import Article
from articles.pagination import PublicPaginator

from .factories import ArticleFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases():
    """47 visible releases, some sharing a publication time, plus ones the public cannot see."""
    unit = UnitFactory()
    base = timezone.now() - datetime.timedelta(days=10)
    for i in range(47):
        ArticleFactory(unit=unit, published_at=base + datetime.timedelta(hours=i // 3))
    ArticleFactory(unit=unit, status=Article.Status.DRAFT)
    ArticleFactory(unit=unit, published_at=timezone.now() + datetime.timedelta(days=1))


def public():
    return Article.objects.published().select_related("unit")


def paginator(queryset, per_page, key="count:home", **kwargs):
    """The paginator as the home page builds it: its count and bookmarks cached under key."""
    return PublicPaginator(queryset, per_page, count_key=key, **kwargs)


@pytest.mark.parametrize("number", [1, 2, 3, 5], ids=["first", "second", "middle", "last"])
@pytest.mark.parametrize("orphans", [0, 3])
def test_pages_hold_the_same_releases_as_djangos_paginator(releases, number, orphans):
    ours = PublicPaginator(public(), 10, orphans=orphans)
    django = Paginator(public(), 10, orphans=orphans)
    if number > django.num_pages:
        number = django.num_pages
    assert (ours.count, ours.num_pages) == (django.count, django.num_pages) == (47, ours.num_pages)
    page, expected = ours.page(number), django.page(number)
    assert [a.pk for a in page] == [a.pk for a in expected]
    assert (page.start_index(), page.end_index(), page.has_next()) == (
        expected.start_index(),
        expected.end_index(),
        expected.has_next(),
    )


@pytest.mark.parametrize("per_page", [5, 7])
def test_pages_after_bookmarks_hold_the_same_releases_as_djangos_paginator(
    releases, monkeypatch, per_page
):
    # Bookmarks every 8 releases, so pages of 5 or 7 start before, on and after one.
    monkeypatch.setattr(pagination, "BOOKMARK_EVERY", 8)
    ours = paginator(public(), per_page)
    django = Paginator(public(), per_page)
    for number in django.page_range:
        assert [a.pk for a in ours.page(number)] == [a.pk for a in django.page(number)]
    # Served again, from the bookmarks stored the first time.
    for number in django.page_range:
        assert [a.pk for a in ours.page(number)] == [a.pk for a in django.page(number)]


def test_page_beyond_the_last_or_not_a_number_is_refused(releases):
    paginator = PublicPaginator(public(), 10)
    with pytest.raises(EmptyPage):
        paginator.page(6)
    with pytest.raises(EmptyPage):
        paginator.page(0)
    with pytest.raises(PageNotAnInteger):
        paginator.page("dua")


def test_home_page_beyond_the_last_is_404(client, releases):
    assert client.get("/?page=3").status_code == 200
    assert client.get("/?page=99").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_deep_page_is_one_query_once_the_total_is_known(releases, django_assert_num_queries):
    assert paginator(public(), 10).count == 47
    with django_assert_num_queries(1):
        titles = [a.unit.name for a in paginator(public(), 10).page(4)]
    assert len(titles) == 10


def test_total_is_counted_once_until_the_releases_change(
    releases, django_assert_num_queries, committed
):
    assert paginator(public(), 10).count == 47
    with django_assert_num_queries(0):
        assert paginator(public(), 10).count == 47
    with committed():
        ArticleFactory()
    assert paginator(public(), 10).count == 48


def test_without_a_key_the_total_is_counted_every_time(releases, django_assert_num_queries):
    assert PublicPaginator(public(), 10).count == 47
    with django_assert_num_queries(1):
        assert PublicPaginator(public(), 10).count == 47


def test_total_of_another_list_is_counted_apart(releases):
    other_unit = UnitFactory()
    ArticleFactory(unit=other_unit)
    assert paginator(public(), 10).count == 48
    assert paginator(public().filter(unit=other_unit), 10, key="count:unit").count == 1


def test_total_grows_when_a_scheduled_release_comes_due(releases, monkeypatch):
    start = timezone.now()
    assert paginator(public(), 10).count == 47
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(days=2))
    assert paginator(public(), 10).count == 48
