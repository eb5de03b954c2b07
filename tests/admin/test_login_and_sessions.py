"""Where a login lands, and how long a staff session lasts."""

import datetime
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone

from tests.factories import ArticleFactory, UnitFactory
from tests.test_settings import setting

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def log_in(client, next_url):
    return client.post(
        "/admin/login/?" + urlencode({"next": next_url}),
        {"username": "editor", "password": "x", "next": next_url},
    )


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/admin/",
        "//evil.example/",
        "javascript:alert(1)",
        "http:/\\evil.example/",
    ],
)
def test_login_with_a_refused_next_lands_on_the_admin_index(client, editor, next_url):
    response = log_in(client, next_url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_login_with_a_safe_next_goes_there(client, editor):
    response = log_in(client, "/admin/articles/article/")
    assert response["Location"] == "/admin/articles/article/"


def test_login_url_is_the_admin_login():
    assert resolve_url(settings.LOGIN_URL) == "/admin/login/"


def test_session_ends_twelve_hours_after_its_last_use(client, editor):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(editor)
        response = client.get("/admin/")
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 3600
        traveller.shift(11 * HOUR)
        assert client.get("/admin/").status_code == 200
        # 22 hours after the login, 11 after the last request: renewed, still signed in.
        traveller.shift(11 * HOUR)
        assert client.get("/admin/").status_code == 200
        traveller.shift(12 * HOUR + datetime.timedelta(minutes=1))
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_session_age_comes_from_the_environment():
    assert setting("SESSION_COOKIE_AGE", SECRET_KEY="k") == "43200"
    assert setting("SESSION_COOKIE_AGE", SECRET_KEY="k", SESSION_COOKIE_AGE="3600") == "3600"


def test_anonymous_public_pages_set_no_cookie_and_make_no_session():
    release = ArticleFactory(unit=UnitFactory(slug="polres-jember"))
    visitor = Client()
    for url in ["/", release.get_absolute_url(), "/unit/polres-jember/", "/cari/?q=patroli"]:
        for attempt in ("first", "cached"):
            response = visitor.get(url)
            assert response.status_code == 200, url
            assert not response.cookies, (url, attempt)
    assert not Session.objects.exists()
