"""The release form's buttons: each one as reporter and editor, and crafted POSTs still refused."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, Unit
from tests.admin.test_admin import form_data
from tests.factories import ArticleFactory, UnitFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 11, 29, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def draft(reporter, unit):
    article = ArticleFactory(
        unit=unit, status=Article.Status.DRAFT, published_at=None, created_by=reporter
    )
    article.authors.set([reporter.author])
    return article


def change(client, user, article, **data):
    client.force_login(user)
    publisher = Article.can_publish(user)
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_data(article, publisher=publisher, **data),
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_reporter_sees_two_buttons_and_no_status_menu(client, reporter, draft):
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'value="draft"' in page and "Simpan draf" in page and "Ajukan ke editor" in page
    assert 'name="_action" value="publish"' not in page
    assert 'name="_action" value="schedule"' not in page
    assert '<select name="status"' not in page


def test_reporter_submits_for_review(client, reporter, draft):
    assert change(client, reporter, draft, _action="review").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW


@pytest.mark.parametrize("action", ["publish", "schedule", "update"])
def test_a_crafted_publishing_button_from_a_reporter_is_refused(client, reporter, draft, action):
    response = change(client, reporter, draft, _action=action)
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["status"]
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and draft.published_at is None


def test_a_reporter_still_cannot_send_a_time(client, reporter, draft):
    response = change(client, reporter, draft, _action="review", published_at="2024-12-02T08:00")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_editor_publishes_now_even_with_a_future_time_in_the_field(client, editor, draft):
    response = change(client, editor, draft, _action="publish", published_at="2024-12-02T08:00")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at == NOW


def test_editor_schedules_and_is_told_when_in_the_units_zone(client, editor, draft):
    response = change(client, editor, draft, _action="schedule", published_at="2024-12-02T08:00")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert draft.published_at == datetime.datetime(2024, 12, 2, 1, 0, tzinfo=datetime.UTC)
    assert "Dijadwalkan tayang Senin, 2 Desember 2024 pukul 08.00 WIB" in messages_of(response)


def test_a_time_is_read_in_the_zone_of_the_chosen_unit(client, editor, draft):
    makassar = UnitFactory(name="Polres Makassar", time_zone=Unit.TimeZone.WITA)
    response = change(
        client,
        editor,
        draft,
        _action="schedule",
        unit=str(makassar.pk),
        published_at="2024-12-02T08:00",
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at == datetime.datetime(2024, 12, 2, 0, 0, tzinfo=datetime.UTC)
    assert "Dijadwalkan tayang Senin, 2 Desember 2024 pukul 08.00 WITA" in messages_of(response)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'type="datetime-local"' in page and 'value="2024-12-02T08:00"' in page
    assert ">WITA</span>" in page


def test_scheduling_needs_a_time_to_come(client, editor, draft):
    response = change(client, editor, draft, _action="schedule", published_at="2024-11-01T08:00")
    assert response.status_code == 200
    assert "masih akan datang" in str(response.context["adminform"].form.errors["published_at"])
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_editor_takes_a_published_release_off_the_site(client, editor, unit):
    article = ArticleFactory(unit=unit, published_at=NOW - datetime.timedelta(days=1))
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Tarik dari situs" in page and "Simpan perubahan" in page
    response = change(client, editor, article, _action="unpublish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and not article.is_public


def test_the_bars_withdrawal_of_a_public_release_opens_the_withdrawal_page(client, editor, unit):
    # There the editor chooses 410 with a notice or 404 and gives the reason (corrections app).
    article = ArticleFactory(unit=unit, published_at=NOW - datetime.timedelta(days=1))
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    bar = page[page.index("workflow-bar") :]
    withdraw = reverse("admin:articles_article_withdraw", args=[article.pk])
    assert f'href="{withdraw}" class="workflow-button workflow-unpublish"' in bar
    assert 'value="unpublish"' not in bar


def test_saving_changes_keeps_a_published_release_published(client, editor, unit):
    article = ArticleFactory(unit=unit, published_at=NOW - datetime.timedelta(days=1))
    response = change(client, editor, article, _action="update", title="Judul diperbaiki")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public and article.title == "Judul diperbaiki"


def test_a_release_known_only_by_its_date_shows_no_invented_midnight(client, editor, unit):
    article = ArticleFactory(
        unit=unit,
        has_time=False,
        published_at=datetime.datetime(2019, 3, 4, tzinfo=unit.tzinfo),
    )
    client.force_login(editor)
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "04-03-2019" in listing and "04-03-2019 00:00" not in listing
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'type="date"' in page and 'value="2019-03-04"' in page
    # Saved as it comes back, the date stays the same.
    response = change(client, editor, article, _action="update", published_at="2019-03-04")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_at == datetime.datetime(2019, 3, 4, tzinfo=unit.tzinfo)
