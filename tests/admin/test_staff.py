"""Adding a member of the office: one form for the account, role, unit and reporter name."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from articles.models import Author
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = User.objects.create_superuser("root", password="x")
    client.force_login(user)
    return user


def add(client, **fields):
    data = {
        "name": "Bripka Andi Pratama",
        "username": "andi",
        "email": "andi@polres.example",
        "role": "Reporter",
        "unit": "",
        "author": "",
        "password_mode": "link",
        "password1": "",
        "password2": "",
        **fields,
    }
    return client.post("/admin/auth/user/add/", data)


def test_the_add_form_asks_only_what_an_office_knows(client, administrator):
    page = client.get("/admin/auth/user/add/").content.decode()
    for name in ("name", "username", "email", "role", "unit", "author", "password_mode"):
        assert f'name="{name}"' in page
    assert 'name="user_permissions"' not in page


def test_a_new_reporter_gets_account_role_unit_reporter_name_and_a_link_by_mail(
    client, administrator
):
    unit = UnitFactory(name="Polsek Kaliwates")
    response = add(client, unit=unit.pk)
    assert response.status_code == 302
    user = User.objects.get(username="andi")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert [group.name for group in user.groups.all()] == ["Reporter"]
    author = Author.objects.get(user=user)
    assert (author.name, author.unit, author.slug) == (
        "Bripka Andi Pratama",
        unit,
        "bripka-andi-pratama",
    )
    [message] = mail.outbox
    assert message.to == ["andi@polres.example"]
    link = re.search(r"http://testserver(/reset/\S+/)", message.body).group(1)
    # The link opens Django's own set-password form for this account.
    page = client.get(link, follow=True)
    assert 'name="new_password1"' in page.content.decode()


def test_an_imported_reporter_name_is_linked_instead_of_doubled(client, administrator):
    imported = Author.objects.create(name="Bripka Andi", slug="bripka-andi")
    add(client, author=imported.pk, role="Editor")
    imported.refresh_from_db()
    assert imported.user.username == "andi"
    assert [g.name for g in imported.user.groups.all()] == ["Editor"]
    assert Author.objects.count() == 1


def test_a_first_password_instead_of_a_link(client, administrator):
    add(
        client,
        password_mode="password",
        password1="kopi-tubruk-jember-77",
        password2="kopi-tubruk-jember-77",
        email="",
    )
    user = User.objects.get(username="andi")
    assert user.check_password("kopi-tubruk-jember-77")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": ""}, "email", "Surel diperlukan"),
        (
            {"password_mode": "password", "password1": "a-long-one-1", "password2": "other"},
            "password2",
            "tidak sama",
        ),
        (
            {"password_mode": "password", "password1": "", "password2": ""},
            "password1",
            "Isi kata sandi pertama",
        ),
        ({"password_mode": "password", "password1": "123", "password2": "123"}, "password1", ""),
    ],
)
def test_a_refused_form_names_the_field_and_keeps_what_was_typed(
    client, administrator, fields, field, message
):
    response = add(client, **fields)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and message in " ".join(errors[field])
    assert 'value="Bripka Andi Pratama"' in response.content.decode()
    assert not User.objects.filter(username="andi").exists()
    assert not Author.objects.exists()


def test_editors_cannot_add_staff(client, editor):
    client.force_login(editor)
    assert add(client).status_code == 403
    assert not User.objects.filter(username="andi").exists()
