"""The articles app's models: visibility, scheduling, addresses, neighbours, units."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, OldSlug, Photo, Unit
from tests.factories import ArticleFactory, UnitFactory


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres")


@pytest.fixture
def release(db, unit):
    return ArticleFactory(
        title="Polres Jember Amankan Kampanye Damai",
        unit=unit,
        tags=["pilkada 2024", "jember"],
        published_at=hours_ago(2),
    )


pytestmark = pytest.mark.django_db


def test_published_includes_only_published_releases_whose_time_has_come():
    now = timezone.now()
    visible = ArticleFactory(status="published", published_at=now - datetime.timedelta(minutes=1))
    ArticleFactory(status="draft", published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status="review", published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status="published", published_at=now + datetime.timedelta(minutes=1))
    ArticleFactory(status="published", published_at=None)

    assert list(Article.objects.published()) == [visible]


def test_scheduled_release_becomes_public_when_its_time_comes_without_any_job():
    due = timezone.now() + datetime.timedelta(hours=2)
    article = ArticleFactory(published_at=due)
    assert article.is_scheduled and not article.is_public
    assert list(Article.objects.scheduled()) == [article]
    assert not Article.objects.published().exists()
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        article.refresh_from_db()
        assert article.is_public and not article.is_scheduled
        assert list(Article.objects.published()) == [article]
        assert not Article.objects.scheduled().exists()
    assert article.published_at == due  # the row was not touched


def test_scheduled_lists_only_published_releases_still_to_come_the_next_first():
    now = timezone.now()
    later = ArticleFactory(published_at=now + datetime.timedelta(days=2))
    sooner = ArticleFactory(published_at=now + datetime.timedelta(hours=1))
    ArticleFactory(status="draft", published_at=now + datetime.timedelta(hours=1))
    ArticleFactory(published_at=now - datetime.timedelta(hours=1))
    assert list(Article.objects.scheduled()) == [sooner, later]
    assert Article.objects.next_publication_time() == sooner.published_at


def test_of_unit_covers_the_unit_and_the_units_below_it_only():
    polda = UnitFactory(name="Polda Jawa Timur", kind="polda")
    polres = UnitFactory(name="Polres Jember", kind="polres", parent=polda)
    polsek = UnitFactory(name="Polsek Kaliwates", kind="polsek", parent=polres)
    other = UnitFactory(name="Polres Bondowoso", kind="polres", parent=polda)
    at_polda, at_polres, at_polsek, elsewhere = (
        ArticleFactory(unit=unit) for unit in (polda, polres, polsek, other)
    )
    assert set(Article.objects.of_unit(polres)) == {at_polres, at_polsek}
    assert set(Article.objects.of_unit(polsek)) == {at_polsek}
    assert set(Article.objects.of_unit(polda)) == {at_polda, at_polres, at_polsek, elsewhere}


def test_tagged_finds_the_releases_with_the_tag_once_each():
    both = ArticleFactory(tags=["pilkada", "jember"])
    one = ArticleFactory(tags=["pilkada"])
    ArticleFactory(tags=["jember"])
    pilkada = Tag.objects.get(name="pilkada")
    assert list(Article.objects.tagged(pilkada).order_by("pk")) == [both, one]


def test_a_draft_without_a_date_has_no_public_address():
    draft = ArticleFactory(status="draft", published_at=None)
    assert draft.pub_date is None
    assert draft.get_absolute_url() is None


def test_save_derives_slug_and_url_date_in_jakarta_time():
    # 23:30 UTC is already the next day in Jakarta (UTC+7).
    moment = datetime.datetime(2024, 8, 29, 23, 30, tzinfo=datetime.UTC)
    article = ArticleFactory(title="Kapolres Jember Pimpin Apel Pagi", slug="", published_at=moment)
    assert article.slug == "kapolres-jember-pimpin-apel-pagi"
    assert article.pub_date == datetime.date(2024, 8, 30)
    assert article.get_absolute_url() == "/berita/2024/08/30/kapolres-jember-pimpin-apel-pagi/"


def test_save_sanitises_body_html():
    article = ArticleFactory(
        body='<p onclick="x()">Aman</p><script>alert(1)</script><a href="javascript:x()">t</a>'
    )
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "<p>Aman</p>" in article.body


def test_same_slug_on_same_date_is_refused_by_the_database():
    moment = timezone.now() - datetime.timedelta(hours=1)
    ArticleFactory(slug="patroli", published_at=moment)
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="patroli", published_at=moment)


def test_publish_sets_the_time_and_unpublish_withdraws():
    article = ArticleFactory(status="draft", published_at=None)
    article.publish()
    assert article.is_public
    article.unpublish()
    assert not Article.objects.published().exists()


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


def test_unit_label_shows_its_place_in_the_hierarchy():
    polda = UnitFactory(name="Polda Jawa Timur", slug="polda-jatim", kind="polda")
    polres = UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres", parent=polda)
    polsek = UnitFactory(name="Polsek Kaliwates", slug="polsek-kaliwates", parent=polres)
    assert polda.hierarchy_label == "Polda Jawa Timur"
    assert polres.hierarchy_label == "Polda Jawa Timur › Polres Jember"
    assert polsek.hierarchy_label == "Polres Jember › Polsek Kaliwates"


def test_units_sorted_by_tree_path_list_each_polres_with_its_polsek_below_it():
    polda = UnitFactory(name="Polda Jawa Timur", kind="polda")
    jember = UnitFactory(name="Polres Jember", kind="polres", parent=polda)
    bondowoso = UnitFactory(name="Polres Bondowoso", kind="polres", parent=polda)
    UnitFactory(name="Polsek Kaliwates", kind="polsek", parent=jember)
    UnitFactory(name="Polsek Tenggarang", kind="polsek", parent=bondowoso)
    names = list(Unit.objects.order_by(Unit.tree_path()).values_list("name", flat=True))
    assert names == [
        "Polda Jawa Timur",
        "Polres Bondowoso",
        "Polsek Tenggarang",
        "Polres Jember",
        "Polsek Kaliwates",
    ]


# Photos


@pytest.mark.django_db
def test_main_photo_is_the_first_by_order_and_a_release_without_photos_has_none():
    article = ArticleFactory()
    assert article.main_photo is None
    assert Article(title="Baru").main_photo is None  # not saved yet
    later = Photo.objects.create(article=article, image="releases/aa/b.png", order=1)
    first = Photo.objects.create(article=article, image="releases/aa/a.webp", order=0)
    assert article.main_photo == first
    assert list(article.photos.all()) == [first, later]
    assert (first.mime_type, later.mime_type) == ("image/webp", "image/png")


@pytest.mark.django_db
def test_a_form_may_refer_only_to_its_users_unattached_uploads_and_its_releases_photos():
    from django.contrib.auth.models import AnonymousUser, User

    budi, sari = User.objects.create_user("budi"), User.objects.create_user("sari")
    article, other = ArticleFactory(), ArticleFactory()
    mine = Photo.objects.create(uploaded_by=budi, image="releases/aa/1.jpg")
    theirs = Photo.objects.create(uploaded_by=sari, image="releases/aa/2.jpg")
    own = Photo.objects.create(article=article, uploaded_by=sari, image="releases/aa/3.jpg")
    Photo.objects.create(article=other, uploaded_by=budi, image="releases/aa/4.jpg")
    assert set(Photo.objects.usable_by(budi)) == {mine}
    assert set(Photo.objects.usable_by(budi, article)) == {mine, own}
    assert set(Photo.objects.usable_by(AnonymousUser(), article)) == {own}
    assert set(Photo.objects.unattached()) == {mine, theirs}
    assert not Photo.objects.unattached(older_than=datetime.timedelta(hours=1)).exists()
