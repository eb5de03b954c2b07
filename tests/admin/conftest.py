import pytest
from django.contrib.auth.models import Group, User

from articles.models import Author
from tests.factories import UnitFactory


def make_user(username, group):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember")


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
def editor(db):
    return make_user("editor", "Editor")


@pytest.fixture
def editor2(db):
    return make_user("editor2", "Editor")
