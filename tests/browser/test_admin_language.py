"""One language per admin screen: the body editor's toolbar and the login's messages."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "kata-sandi-uji-panjang-7"


@pytest.fixture
def editor(db):
    roles = importlib.import_module("articles.migrations.0002_roles").ROLES
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in roles["Editor"]
    )
    user = User.objects.create_user("rina", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def log_in(page, base, password=PASSWORD):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def test_the_body_editor_toolbar_speaks_indonesian(page, live_server, editor, screenshot):
    log_in(page, live_server.url)
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/articles/article/add/")
    bold = page.locator(
        ".prose-menubar__button[data-name=bold], .prose-menubar button", has_text="format_bold"
    ).first
    bold.wait_for()
    page.wait_for_function(
        "document.querySelector('.prose-menubar__button[title]')?.dataset.labelled === '1'"
    )
    titles = page.eval_on_selector_all(
        ".prose-menubar__button[title]", "bs => bs.map(b => b.title)"
    )
    assert "Tebal" in titles and "Sisipkan tautan" in titles and "Batalkan" in titles
    assert not {"bold", "italic", "insert link", "undo"} & set(titles)
    screenshot(page, "editor-toolbar-id")


def test_a_wrong_password_is_explained_in_plain_indonesian(page, live_server, editor):
    log_in(page, live_server.url, password="salah")
    message = page.locator(".errornote").inner_text()
    assert "Masukkan nama pengguna dan kata sandi yang benar" in message
    assert "nama pengguna nama pengguna" not in message
