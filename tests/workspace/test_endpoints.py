"""The autosave and presence endpoints: owner only, staff only, CSRF, never cached."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory
from workspace.models import Autosave, Presence

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(reporter, unit):
    return ArticleFactory(
        unit=unit, status=Article.Status.DRAFT, published_at=None, created_by=reporter
    )


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_autosave_keeps_the_fields_and_never_touches_the_release(reporter, draft):
    url = reverse("workspace:autosave", args=[draft.pk])
    before = Article.objects.filter(pk=draft.pk).values().get()
    response = client_for(reporter).post(
        url,
        {
            "title": "Judul baru yang belum disimpan",
            "authors": ["1", "2"],
            "status": "published",
            "csrfmiddlewaretoken": "x",
            "_labels": '{"authors": {"1": "Andi"}}',
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "0",
            "photos-0-caption": "Keterangan yang belum disimpan",
        },
    )
    assert response.status_code == 200
    saved = Autosave.objects.get(user=reporter, article=draft)
    assert saved.data["title"] == ["Judul baru yang belum disimpan"]
    assert saved.data["authors"] == ["1", "2"]
    assert "csrfmiddlewaretoken" not in saved.data and "_labels" not in saved.data
    assert saved.labels == {"authors": {"1": "Andi"}}
    # A photo's texts are kept; the formset's management fields are not.
    assert saved.data["photos-0-caption"] == ["Keterangan yang belum disimpan"]
    assert not [key for key in saved.data if key.endswith("_FORMS")]
    # The release is exactly as it was: an autosave never publishes nor changes it.
    assert Article.objects.filter(pk=draft.pk).values().get() == before


def test_only_the_owner_reads_an_autosave(reporter, editor, draft):
    url = reverse("workspace:autosave", args=[draft.pk])
    client_for(reporter).post(url, {"title": "Milik wartawan"})
    mine = client_for(reporter).get(url).json()
    assert mine["data"]["title"] == ["Milik wartawan"]
    # An editor may change the release, but reads only their own (none).
    assert client_for(editor).get(url).json() == {}


def test_autosave_of_a_release_the_user_may_not_change_is_refused(other_reporter, draft):
    url = reverse("workspace:autosave", args=[draft.pk])
    response = client_for(other_reporter).post(url, {"title": "Bukan rilisnya"})
    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_endpoints_are_for_staff_only(draft):
    visitor = User.objects.create_user("pembaca", password="x")
    urls = [
        reverse("workspace:autosave", args=[draft.pk]),
        reverse("workspace:autosave-new"),
        reverse("workspace:presence", args=[draft.pk]),
    ]
    for client in (Client(), client_for(visitor)):
        for url in urls:
            response = client.post(url, {"title": "x"})
            assert response.status_code == 403, url
            assert "staf" in response.json()["error"]
    assert not Autosave.objects.exists() and not Presence.objects.exists()


def test_csrf_is_enforced(reporter, draft):
    client = client_for(reporter, enforce_csrf_checks=True)
    url = reverse("workspace:autosave", args=[draft.pk])
    assert client.post(url, {"title": "x"}).status_code == 403
    client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    token = client.cookies["csrftoken"].value
    assert client.post(url, {"title": "x", "csrfmiddlewaretoken": token}).status_code == 200


def test_responses_are_never_cached(reporter, draft):
    client = client_for(reporter)
    for response in (
        client.get(reverse("workspace:autosave", args=[draft.pk])),
        client.post(reverse("workspace:autosave", args=[draft.pk]), {"title": "x"}),
        client.post(reverse("workspace:presence", args=[draft.pk])),
    ):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_the_add_form_has_one_autosave_per_user(reporter, editor):
    url = reverse("workspace:autosave-new")
    client_for(reporter).post(url, {"title": "Satu"})
    client_for(reporter).post(url, {"title": "Dua"})
    client_for(editor).post(url, {"title": "Punya editor"})
    assert Autosave.objects.get(user=reporter, article=None).data["title"] == ["Dua"]
    assert client_for(reporter).get(url).json()["data"]["title"] == ["Dua"]


def test_discarding_removes_only_ones_own(reporter, editor, draft):
    url = reverse("workspace:autosave", args=[draft.pk])
    client_for(reporter).post(url, {"title": "A"})
    client_for(editor).post(url, {"title": "B"})
    client_for(reporter).post(reverse("workspace:discard", args=[draft.pk]))
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor"]


def test_saving_the_release_removes_the_savers_autosave(editor, editor2, draft):
    from tests.admin.test_admin import form_data

    url = reverse("workspace:autosave", args=[draft.pk])
    client_for(editor).post(url, {"title": "Belum disimpan"})
    client_for(editor2).post(url, {"title": "Punya editor lain"})
    response = client_for(editor).post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        form_data(draft, _action="draft"),
    )
    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor2"]


def test_presence_names_the_others_and_since_when(reporter, editor, draft):
    editor.first_name, editor.last_name = "Budi", ""
    editor.save()
    url = reverse("workspace:presence", args=[draft.pk])
    at = datetime.datetime(2024, 12, 2, 3, 2, tzinfo=datetime.UTC)  # 10.02 WIB
    with time_machine.travel(at, tick=False):
        assert client_for(editor).post(url).json() == {"others": []}
    with time_machine.travel(at + datetime.timedelta(seconds=90), tick=False):
        # The reporter's name comes from their reporter record.
        assert client_for(reporter).post(url).json() == {
            "others": ["Budi sedang menyunting sejak 10.02"]
        }
        assert client_for(editor).post(url).json() == {
            "others": ["Bripka Andi sedang menyunting sejak 10.03"]
        }
    # Two minutes after the last heartbeat, the editor is gone.
    with time_machine.travel(at + datetime.timedelta(seconds=90 + 121), tick=False):
        assert client_for(reporter).post(url).json() == {"others": []}


def test_leaving_removes_the_presence_at_once(reporter, editor, draft):
    client_for(editor).post(reverse("workspace:presence", args=[draft.pk]))
    client_for(editor).post(reverse("workspace:leave", args=[draft.pk]))
    assert client_for(reporter).post(reverse("workspace:presence", args=[draft.pk])).json() == {
        "others": []
    }


def test_the_form_shows_who_else_is_editing(reporter, editor, draft):
    client_for(editor).post(reverse("workspace:presence", args=[draft.pk]))
    page = client_for(reporter).get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "sedang menyunting sejak" in page.content.decode()


def test_someone_only_reading_a_release_is_not_shown_as_editing(reporter, editor, unit):
    published = ArticleFactory(unit=unit, created_by=reporter)
    client_for(reporter).get(reverse("admin:articles_article_change", args=[published.pk]))
    client_for(reporter).post(reverse("workspace:presence", args=[published.pk]))
    url = reverse("workspace:presence", args=[published.pk])
    assert client_for(editor).post(url).json() == {"others": []}
