"""Editorial saves that race each other: the same address, a double click, a double tap.

The concurrent tests send real parallel requests, each thread with its own client and database
connection, against PostgreSQL; SQLite serialises writers, so they skip there. The tests on
SQLite provoke the same branches in one request.
"""

import functools
import importlib
import re
import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, connection, connections
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.forms import ArticleAdminForm
from articles.models import Article
from tests.factories import ArticleFactory

from .conftest import make_user
from .test_admin import ADD_URL, LIST_URL, change_url, form_data

ROUNDS = 5
BODY = "<p>Jember - Sat Sabhara menggelar patroli malam di pusat kota.</p>"


def concurrent(test):
    """Mark a test that sends parallel requests: committed data, PostgreSQL only."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel requests need a database with concurrent writers: PostgreSQL",
    )(test)


@pytest.fixture
def roles(db):
    """Transactional tests flush the tables, the groups of the data migration included."""
    roles = importlib.import_module("articles.migrations.0002_roles").ROLES
    for name, codenames in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def at_once(*calls):
    """Run the calls in threads started together; return what each returned or raised."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except BaseException as error:  # a 500 raises in the test client: report it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def statuses(responses):
    """The status codes, with any exception a request raised shown in the assertion."""
    return sorted((getattr(r, "status_code", repr(r)) for r in responses), key=str)


def submission_token(client):
    page = client.get(ADD_URL).text
    return re.search(r'name="submission_token" value="([^"]+)"', page)[1]


# 1. The same address saved twice at once


@concurrent
def test_two_editors_publishing_the_same_title_at_once_get_a_release_and_a_form_error(roles, unit):
    editors = [make_user("editor", "Editor"), make_user("editor2", "Editor")]
    for round in range(ROUNDS):
        title = f"Patroli Malam Sat Sabhara {round}"
        data = form_data(title=title, body=BODY, unit=unit.pk, publisher=True, status="published")
        clients = [logged_in(editor) for editor in editors]
        responses = at_once(*(functools.partial(c.post, ADD_URL, data) for c in clients))

        assert statuses(responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200).text
        slug = f"patroli-malam-sat-sabhara-{round}"
        assert f"/{slug}/ sudah dipakai rilis lain" in refused
        assert f"{slug}-2" in refused  # a free address to use instead
        assert f'value="{title}"' in refused and "Sat Sabhara menggelar patroli" in refused
        assert Article.objects.get(title=title).is_public


@pytest.fixture
def conflicting_insert(monkeypatch, unit):
    """Another release takes the address after the form's check and before the save."""
    clean = ArticleAdminForm.clean

    def clean_then_insert(form):
        cleaned_data = clean(form)
        ArticleFactory(
            unit=unit, title="Rilis Lain", slug="patroli-malam", published_at=timezone.now()
        )
        return cleaned_data

    monkeypatch.setattr(ArticleAdminForm, "clean", clean_then_insert)


def test_an_address_taken_during_the_save_comes_back_as_a_form_error_with_the_text_kept(
    client, editor, unit, conflicting_insert
):
    client.force_login(editor)
    data = form_data(
        title="Patroli Malam", body=BODY, unit=unit.pk, publisher=True, status="published"
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["slug"])
    assert "/patroli-malam/ sudah dipakai rilis lain" in errors
    assert "patroli-malam-2" in errors
    assert 'value="Patroli Malam"' in response.text and "Sat Sabhara menggelar" in response.text
    assert list(Article.objects.values_list("title", flat=True)) == ["Rilis Lain"]


def test_a_change_whose_address_is_taken_during_the_save_is_refused_and_left_unchanged(
    client, editor, unit, conflicting_insert
):
    draft = ArticleFactory(unit=unit, title="Patroli Malam", status="draft", published_at=None)
    client.force_login(editor)
    response = client.post(change_url(draft), form_data(draft, publisher=True, status="published"))
    assert response.status_code == 200
    assert "sudah dipakai rilis lain" in str(response.context["adminform"].form.errors["slug"])
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("draft", None)


def test_a_database_refusal_other_than_the_address_is_not_reported_as_one(
    client, editor, unit, monkeypatch
):
    def refuse(article, *args, **kwargs):
        raise IntegrityError("another constraint")

    monkeypatch.setattr(Article, "save", refuse)
    client.force_login(editor)
    with pytest.raises(IntegrityError):
        client.post(ADD_URL, form_data(title="Patroli Malam", body=BODY, unit=unit.pk))


# 2. The publish action clicked twice


def double_click(user, action, article):
    """POST the action for one release twice at once, as a double click does."""
    clients = [logged_in(user), logged_in(user)]
    data = {"action": action, "_selected_action": [article.pk]}
    responses = at_once(*(functools.partial(c.post, LIST_URL, data) for c in clients))
    assert statuses(responses) == [302, 302]


@concurrent
def test_a_double_clicked_publish_action_publishes_once_with_one_log_entry_and_one_revision(
    roles, unit
):
    editor = make_user("editor", "Editor")
    for round in range(ROUNDS):
        draft = ArticleFactory(
            unit=unit, title=f"Razia {round}", status="review", published_at=None
        )
        double_click(editor, "publish_now", draft)

        logged = LogEntry.objects.filter(object_id=str(draft.pk))
        assert list(logged.values_list("change_message", flat=True)) == ["Diterbitkan sekarang."]
        assert Version.objects.get_for_object(draft).count() == 1
        draft.refresh_from_db()
        assert draft.is_public


@concurrent
@pytest.mark.parametrize(
    "action, message, changed",
    [
        ("unpublish", "Ditarik dari publik, menjadi draf.", {"status": "draft"}),
        ("feature", "Dijadikan rekomendasi.", {"featured": True}),
    ],
)
def test_other_double_clicked_actions_change_the_release_once(
    roles, unit, action, message, changed
):
    editor = make_user("editor", "Editor")
    release = ArticleFactory(unit=unit, title="Razia", published_at=timezone.now())
    double_click(editor, action, release)

    logged = LogEntry.objects.filter(object_id=str(release.pk))
    assert list(logged.values_list("change_message", flat=True)) == [message]
    assert Version.objects.get_for_object(release).count() == 1
    assert Article.objects.filter(pk=release.pk, **changed).exists()


# 3. The add form sent twice


def test_the_add_form_sent_twice_with_one_token_creates_one_draft_and_leads_to_it(
    client, editor, unit
):
    client.force_login(editor)
    data = form_data(title="Patroli Malam", body=BODY, unit=unit.pk)
    data["submission_token"] = submission_token(client)
    first = client.post(ADD_URL, data)
    second = client.post(ADD_URL, data, follow=True)
    article = Article.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain == [(change_url(article), 302)]
    assert "sudah tersimpan" in second.text


def test_each_add_form_has_its_own_token_so_two_releases_can_be_written(client, editor, unit):
    client.force_login(editor)
    for title in ("Patroli Malam", "Patroli Pagi"):
        data = form_data(title=title, body=BODY, unit=unit.pk)
        data["submission_token"] = submission_token(client)
        assert client.post(ADD_URL, data).status_code == 302
    assert Article.objects.count() == 2


def test_a_token_is_used_up_only_by_a_save_not_by_a_form_error(client, editor, unit):
    client.force_login(editor)
    data = form_data(title="Patroli Malam", body="<p></p>", unit=unit.pk)
    data["submission_token"] = submission_token(client)
    assert client.post(ADD_URL, data).status_code == 200
    data["body"] = BODY
    assert client.post(ADD_URL, data).status_code == 302
    assert Article.objects.count() == 1


def test_a_token_whose_release_is_gone_creates_the_release_again(client, editor, unit):
    """E.g. the first save was rolled back after it remembered the token."""
    client.force_login(editor)
    data = form_data(title="Patroli Malam", body=BODY, unit=unit.pk)
    data["submission_token"] = submission_token(client)
    client.post(ADD_URL, data)
    Article.objects.get().delete()
    assert client.post(ADD_URL, data)["Location"] == LIST_URL
    assert Article.objects.count() == 1


def test_a_token_leads_only_its_own_account_to_the_release(client, editor, editor2, unit):
    data = form_data(title="Patroli Malam", body=BODY, unit=unit.pk)
    client.force_login(editor)
    data["submission_token"] = submission_token(client)
    client.post(ADD_URL, data)
    client.force_login(editor2)
    assert client.post(ADD_URL, data).status_code == 302
    assert Article.objects.count() == 2


@concurrent
def test_the_add_form_sent_twice_at_once_creates_one_draft(roles, unit):
    editor = make_user("editor", "Editor")
    for round in range(ROUNDS):
        clients = [logged_in(editor), logged_in(editor)]
        data = form_data(title=f"Patroli Malam {round}", body=BODY, unit=unit.pk)
        data["submission_token"] = submission_token(clients[0])
        responses = at_once(*(functools.partial(c.post, ADD_URL, data) for c in clients))

        assert statuses(responses) == [302, 302]
        article = Article.objects.get(title=f"Patroli Malam {round}")
        assert {r["Location"] for r in responses} == {LIST_URL, change_url(article)}
