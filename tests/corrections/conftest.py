import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Author
from tests.admin.conftest import make_user
from tests.factories import ArticleFactory, UnitFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres")


@pytest.fixture
def editor(db):
    return make_user("editor", "Editor")


@pytest.fixture
def reporter(db, unit):
    user = make_user("wartawan", "Reporter")
    Author.objects.create(name="Bripka Andi", slug="andi", user=user, unit=unit)
    return user


@pytest.fixture
def other_reporter(db):
    user = make_user("wartawan2", "Reporter")
    Author.objects.create(name="Briptu Sari", slug="sari", user=user)
    return user


@pytest.fixture
def release(db, unit, reporter):
    return ArticleFactory(
        title="Polres Jember Amankan 3 Pelaku Curanmor",
        unit=unit,
        authors=[reporter.author],
        published_at=hours_ago(5),
        lead="Tiga pelaku diamankan di Kaliwates.",
    )
