"""Restoring an older version keeps every address the release has had (a 301 to the current)."""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.admin.test_admin import form_data

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.datetime(2024, 8, day, 15, 54, tzinfo=datetime.UTC)


def test_restoring_an_older_date_keeps_the_newer_address_answering(client, editor, unit):
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_add"),
        form_data(
            unit=unit.pk,
            publisher=True,
            title="Patroli Sore",
            body="<p>Isi.</p>",
            status="published",
            published_at="2024-08-30T15:54",
        ),
    )
    article = Article.objects.get()
    assert article.get_absolute_url() == "/berita/2024/08/30/patroli-sore/"
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_data(article, publisher=True, _action="update", published_at="2024-08-31T15:54"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_absolute_url() == "/berita/2024/08/31/patroli-sore/"

    oldest = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    form = client.get(url).context["adminform"].form
    data = form_data(article, publisher=True, _action="update", published_at="2024-08-30T15:54")
    data["loaded_version"] = form["loaded_version"].value()
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.get_absolute_url() == "/berita/2024/08/30/patroli-sore/"

    client.logout()
    assert client.get("/berita/2024/08/30/patroli-sore/").status_code == 200
    moved = client.get("/berita/2024/08/31/patroli-sore/")
    assert moved.status_code == 301
    assert moved["Location"] == "/berita/2024/08/30/patroli-sore/"


def test_a_raw_restore_records_the_address_it_leaves(unit):
    """reversion's revert() saves rows raw, past Article.save(): the address is still kept."""
    import reversion

    with reversion.create_revision():
        article = Article.objects.create(
            title="Patroli Pagi",
            body="<p>Isi.</p>",
            unit=unit,
            status="published",
            published_at=at(30),
        )
    with reversion.create_revision():
        article.published_at = at(31)
        article.save()
    Version.objects.get_for_object(article).last().revision.revert()
    article.refresh_from_db()
    assert article.pub_date == datetime.date(2024, 8, 30)
    old = article.old_slugs.values_list("pub_date", "slug")
    assert list(old) == [(datetime.date(2024, 8, 31), "patroli-pagi")]
