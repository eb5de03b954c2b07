"""The domain rules the public site relies on: old addresses, neighbours, related, popular tags."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, OldSlug
from tests.factories import ArticleFactory, UnitFactory

from .conftest import hours_ago

pytestmark = pytest.mark.django_db


def test_changing_a_published_releases_slug_records_its_old_address(release):
    old = (release.pub_date, release.slug)
    release.slug = "judul-baru"
    release.save()
    assert list(OldSlug.objects.values_list("pub_date", "slug", "article")) == [(*old, release.pk)]


def test_saving_without_changing_the_address_records_nothing(release):
    release.title = "Judul Diperbaiki"
    release.save()
    assert not OldSlug.objects.exists()


def test_a_draft_that_changes_slug_leaves_no_old_address(unit):
    draft = ArticleFactory(unit=unit, status="draft")
    draft.slug = "lain"
    draft.save()
    assert not OldSlug.objects.exists()


def test_an_address_used_twice_points_at_the_latest_release(unit):
    first = ArticleFactory(unit=unit, slug="patroli", published_at=hours_ago(2))
    first.slug = "patroli-pagi"
    first.save()
    second = ArticleFactory(unit=unit, slug="patroli", published_at=hours_ago(1))
    second.slug = "patroli-siang"
    second.save()
    assert OldSlug.objects.get(slug="patroli").article == second


def test_a_failed_save_records_no_old_address(unit, release):
    ArticleFactory(unit=unit, slug="sudah-dipakai", published_at=release.published_at)
    release.slug = "sudah-dipakai"
    with pytest.raises(IntegrityError), transaction.atomic():
        release.save()
    assert not OldSlug.objects.exists()


def test_neighbours_skip_hidden_releases(unit):
    older = ArticleFactory(unit=unit, published_at=hours_ago(30))
    ArticleFactory(unit=unit, status="draft", published_at=hours_ago(25))
    current = ArticleFactory(unit=unit, published_at=hours_ago(20))
    ArticleFactory(unit=unit, published_at=hours_ago(-5))  # scheduled
    published = Article.objects.published()
    assert published.older_than(current).first() == older
    assert published.newer_than(current).first() is None


def test_popular_tags_count_only_the_given_releases(unit):
    ArticleFactory(unit=unit, tags=["banjir", "jember"])
    ArticleFactory(unit=unit, tags=["banjir"])
    ArticleFactory(unit=unit, tags=["rahasia"], status="draft")
    tags = Article.objects.published().popular_tags(10)
    assert [(t.name, t.uses) for t in tags] == [("banjir", 2), ("jember", 1)]


def test_unit_descendants_reach_two_levels(unit):
    polda = UnitFactory(name="Polda Jawa Timur", slug="polda-jatim", kind="polda")
    unit.parent = polda
    unit.save()
    polsek = UnitFactory(name="Polsek Ajung", slug="polsek-ajung", parent=unit)
    assert set(polda.descendants()) == {unit, polsek}
    assert list(unit.descendants()) == [polsek]
    assert list(polsek.descendants()) == []


def test_local_time_uses_the_units_zone():
    papua = UnitFactory(name="Polres Jayapura", slug="polres-jayapura", time_zone="Asia/Jayapura")
    at = datetime.datetime(2024, 8, 30, 8, 54, tzinfo=datetime.UTC)
    article = ArticleFactory(unit=papua, published_at=at)
    assert article.local_published_at.isoformat() == "2024-08-30T17:54:00+09:00"
    assert papua.time_zone_label == "WIT"
