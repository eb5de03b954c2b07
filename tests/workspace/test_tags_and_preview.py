"""A tag carried only by releases the public cannot see yet, and the shared preview's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import make_share_token
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.PUBLISHED, "published_at_days": 2},  # scheduled
        {"status": Article.Status.DRAFT, "published_at_days": None},
        {"status": Article.Status.REVIEW, "published_at_days": None},
    ],
)
def test_a_tag_only_unpublished_releases_use_has_no_public_page(client, hidden):
    days = hidden["published_at_days"]
    ArticleFactory(
        status=hidden["status"],
        published_at=timezone.now() + datetime.timedelta(days=days) if days else None,
        tags=["operasi-rahasia"],
    )
    ArticleFactory(tags=["patroli"])
    assert client.get("/tag/operasi-rahasia/").status_code == 404
    assert client.get("/tag/operasi-rahasia/feed/").status_code == 404
    assert "operasi-rahasia" not in client.get("/sitemap-tags.xml").content.decode()
    # A tag with a public release keeps its page and feed.
    assert client.get("/tag/patroli/").status_code == 200
    assert client.get("/tag/patroli/feed/").status_code == 200


def test_the_tag_page_appears_when_its_release_does(client, committed):
    with committed():
        article = ArticleFactory(
            published_at=timezone.now() + datetime.timedelta(hours=1), tags=["embargo"]
        )
    assert client.get("/tag/embargo/").status_code == 404
    with committed():
        article.publish(at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get("/tag/embargo/").status_code == 200


def test_a_shared_preview_carries_no_share_buttons(client):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    signed = make_share_token(article, datetime.timedelta(hours=1))
    page = client.get(reverse("shared-preview", args=[signed])).content.decode()
    assert article.title in page
    for network in ("wa.me", "facebook.com/sharer", "twitter.com/intent", "t.me/share", "x.com"):
        assert network not in page
    assert "data-copy-link" not in page
