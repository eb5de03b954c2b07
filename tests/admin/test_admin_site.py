"""The admin's sections and its lockout page, as the office sees them."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

pytestmark = pytest.mark.django_db


def section_labels(response):
    return [app["app_label"] for app in response.context["app_list"]]


def test_editors_see_tags_in_the_newsroom_section_and_no_axes_or_taggit_heading(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert "taggit" not in section_labels(response)
    assert "axes" not in section_labels(response)
    articles = next(app for app in response.context["app_list"] if app["app_label"] == "articles")
    assert "Tag" in [model["object_name"] for model in articles["models"]]
    assert ">Taggit<" not in response.content.decode()


def test_reporters_see_no_axes_or_taggit_heading_either(client, reporter):
    client.force_login(reporter)
    labels = section_labels(client.get("/admin/"))
    assert "axes" not in labels and "taggit" not in labels


def test_the_administrator_still_sees_the_lockouts(client):
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    assert "axes" in section_labels(client.get("/admin/"))


def test_an_app_page_lists_only_its_own_section(client, editor):
    client.force_login(editor)
    response = client.get("/admin/articles/")
    assert section_labels(response) == ["articles"]


def test_a_locked_out_login_says_until_when_on_a_page_styled_like_the_login(client, editor):
    moment = timezone.make_aware(datetime.datetime(2024, 12, 2, 9, 45))
    with time_machine.travel(moment, tick=False):
        for _ in range(5):
            client.post("/admin/login/", {"username": "editor", "password": "salah"})
        response = client.post("/admin/login/", {"username": "editor", "password": "salah"})
    assert response.status_code == 429
    text = response.content.decode()
    # One hour of cool-off (AXES_COOLOFF_TIME) after the last attempt, in the site's zone.
    assert "Coba lagi setelah 10.45." in text
    assert "admin/css/login.css" in text
    assert 'href="/admin/password_reset/"' in text


def test_the_right_password_of_a_locked_account_is_refused_with_the_same_page(client, editor):
    for _ in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "salah"})
    response = client.post("/admin/login/", {"username": "editor", "password": "x"})
    assert response.status_code == 429
    assert "Coba lagi setelah" in response.content.decode()
