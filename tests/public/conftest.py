import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import images
from articles.models import Photo
from tests.factories import ArticleFactory, AuthorFactory, UnitFactory
from tests.imagedata import plain_jpeg_bytes as jpeg_bytes


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test sees pages rendered from the database, not a previous test's cache."""
    cache.clear()
    yield
    cache.clear()


def add_photo(article, size=(1600, 900), **fields):
    """Give a release a real photo with renditions, as the admin's upload does; return it.

    fields: the Photo's texts and order (alt_text, caption, credit, order).
    """
    fields.setdefault("order", article.photos.count())
    photo = Photo(article=article, **fields)
    images.store(photo, images.clean_bytes(jpeg_bytes(size)))
    photo.save()
    return article


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres")


@pytest.fixture
def reporter(db, unit):
    return AuthorFactory(name="Siswandi", slug="siswandi", unit=unit)


@pytest.fixture
def release(db, unit, reporter):
    return ArticleFactory(
        title="Polres Jember Amankan Kampanye Damai",
        unit=unit,
        authors=[reporter],
        tags=["pilkada 2024", "jember"],
        published_at=hours_ago(2),
        editor_initials="AR",
    )
