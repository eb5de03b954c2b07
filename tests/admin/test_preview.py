import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import preview
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def share_view_url(article):
    return reverse("admin:articles_article_share", args=[article.pk])


def change_messages(article):
    return [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(article.pk), action_flag=CHANGE)
    ]


def staff_preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def share_url(article, lifetime=datetime.timedelta(days=1)):
    return reverse("shared-preview", args=[preview.make_share_token(article, lifetime)])


@pytest.fixture
def draft(unit):
    return ArticleFactory(
        unit=unit,
        status=Article.Status.DRAFT,
        published_at=None,
        title="Rilis rahasia belum terbit",
    )


def assert_private_preview(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex' in response.text
    assert "preview-banner" in response.text
    assert response.context["preview"] is True


def test_staff_see_a_draft_as_the_public_page_with_a_banner(client, editor, draft):
    client.force_login(editor)
    response = client.get(staff_preview_url(draft))
    assert_private_preview(response)
    assert "Rilis rahasia belum terbit" in response.text
    assert "articles/article_detail.html" in [t.name for t in response.templates]


def test_staff_preview_of_a_scheduled_release(client, reporter, unit):
    scheduled = ArticleFactory(unit=unit, published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(reporter)
    assert_private_preview(client.get(staff_preview_url(scheduled)))


def test_anonymous_visitors_cannot_use_the_staff_preview(client, draft):
    response = client.get(staff_preview_url(draft))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "Rilis rahasia" not in response.text


def test_signed_link_shows_that_release_to_someone_without_an_account(client, draft):
    response = client.get(share_url(draft))
    assert_private_preview(response)
    assert "Rilis rahasia belum terbit" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_signed_link_expires(client, draft):
    assert client.get(share_url(draft, datetime.timedelta(seconds=-1))).status_code == 404


def test_signed_link_is_revoked_by_a_new_preview_token(client, editor, draft):
    url = share_url(draft)
    assert client.get(url).status_code == 200  # seen once: no cache may keep it alive
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"revoke": "1"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Semua tautan pratinjau lama tidak berlaku lagi."
    ]
    assert change_messages(draft) == ["Tautan pratinjau dicabut."]
    revision = Version.objects.get_for_object(draft).first().revision
    assert revision.user == editor and revision.comment == "Tautan pratinjau dicabut."
    client.logout()
    assert client.get(url).status_code == 404


def test_signed_link_cannot_be_bent_to_another_release(client, draft, unit):
    other = ArticleFactory(unit=unit, status="draft", published_at=None, title="Draf lain")
    pk, token, expires = signing.loads(
        preview.make_share_token(draft, datetime.timedelta(1)), salt=preview.SALT
    )
    # Same token shape, other id, signed with another salt (what an attacker can't do with ours).
    forged = signing.dumps([other.pk, token, expires], salt="lain")
    assert client.get(reverse("shared-preview", args=[forged])).status_code == 404
    tampered = share_url(draft).replace("/pratinjau/", "/pratinjau/x")
    assert client.get(tampered).status_code == 404
    # A genuine link to the draft never shows the other draft.
    assert "Draf lain" not in client.get(share_url(draft)).text


def test_editor_creates_a_share_link_with_a_chosen_lifetime(client, editor, draft):
    client.force_login(editor)
    url = reverse("admin:articles_article_share", args=[draft.pk])
    response = client.post(url, {"lifetime": "1h"})
    link = response.context["link"]
    assert link.startswith("http://testserver/pratinjau/")
    _pk, _token, expires = preview.read_share_token(link.rstrip("/").rsplit("/", 1)[1])
    assert abs((expires - timezone.now()) - datetime.timedelta(hours=1)) < datetime.timedelta(
        minutes=1
    )
    [logged] = change_messages(draft)
    assert logged.startswith("Tautan pratinjau dibuat, berlaku sampai ")
    client.logout()
    assert client.get(link).status_code == 200


def test_an_unknown_lifetime_gives_no_link(client, editor, draft):
    client.force_login(editor)
    response = client.post(share_view_url(draft), {"lifetime": "30d"})
    assert response.status_code == 200
    assert response.context["link"] is None and "lifetime" in response.context["form"].errors
    assert change_messages(draft) == []


def test_reporter_shares_their_own_draft(client, reporter, unit):
    article = ArticleFactory(unit=unit, status="draft", published_at=None, created_by=reporter)
    client.force_login(reporter)
    response = client.post(share_view_url(article), {"lifetime": "1d"})
    assert response.status_code == 200
    assert response.context["link"].startswith("http://testserver/pratinjau/")


def test_reporter_cannot_share_another_reporters_draft(client, reporter, other_reporter, unit):
    article = ArticleFactory(
        unit=unit, status="draft", published_at=None, created_by=other_reporter
    )
    token = article.preview_token
    client.force_login(reporter)
    url = reverse("admin:articles_article_share", args=[article.pk])
    assert client.post(url, {"lifetime": "7d"}).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"revoke": "1"}).status_code == 403
    article.refresh_from_db()
    assert article.preview_token == token and change_messages(article) == []
