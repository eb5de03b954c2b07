"""A reporter has a public page, and a sitemap entry, only once a release of theirs is public."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from articles.models import Author
from tests.factories import ArticleFactory, AuthorFactory

from .conftest import hours_ago
from .test_sitemaps import locations

pytestmark = pytest.mark.django_db

NOT_PUBLIC = {
    "draft": {"status": "draft", "published_at": None},
    "review": {"status": "review", "published_at": None},
    "draft-with-past-time": {"status": "draft", "published_at": hours_ago(3)},
    "scheduled": {
        "status": "published",
        "published_at": timezone.now() + datetime.timedelta(hours=1),
    },
}


def test_reporter_without_any_release_has_no_page(client, reporter):
    assert client.get("/penulis/siswandi/").status_code == 404
    assert locations(client, "/sitemap-authors.xml") == []


@pytest.mark.parametrize("state", list(NOT_PUBLIC))
def test_reporter_whose_only_release_is_not_public_has_no_page(client, unit, reporter, state):
    ArticleFactory(unit=unit, authors=[reporter], **NOT_PUBLIC[state])
    response = client.get("/penulis/siswandi/")
    assert response.status_code == 404
    assert "Siswandi" not in response.content.decode()
    assert locations(client, "/sitemap-authors.xml") == []


def test_reporter_page_appears_when_their_scheduled_release_comes_out(
    client, unit, reporter, committed
):
    at = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        ArticleFactory(unit=unit, authors=[reporter], published_at=at)
    assert client.get("/penulis/siswandi/").status_code == 404
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        response = client.get("/penulis/siswandi/")
        assert response.status_code == 200
        assert "<h1>Siswandi</h1>" in response.content.decode()
        assert locations(client, "/sitemap-authors.xml") == ["http://testserver/penulis/siswandi/"]


def test_with_public_releases_lists_each_reporter_once(unit, reporter):
    ArticleFactory.create_batch(2, unit=unit, authors=[reporter])
    ArticleFactory(unit=unit, authors=[AuthorFactory(slug="belum")], status="draft")
    assert list(Author.objects.with_public_releases()) == [reporter]


def test_sitemap_lists_each_reporter_with_a_public_release_once(client, unit, reporter):
    other = AuthorFactory(name="Andi", slug="andi")
    ArticleFactory.create_batch(2, unit=unit, authors=[reporter, other])
    ArticleFactory(unit=unit, authors=[AuthorFactory(slug="belum")], status="review")
    assert locations(client, "/sitemap-authors.xml") == [
        "http://testserver/penulis/andi/",
        "http://testserver/penulis/siswandi/",
    ]


def test_every_reporter_linked_from_a_release_page_has_a_page(client, unit, reporter):
    newcomer = AuthorFactory(name="Briptu Sari", slug="sari")
    ArticleFactory(unit=unit, authors=[newcomer], status="draft", published_at=None)
    release = ArticleFactory(unit=unit, authors=[reporter, newcomer])
    html = client.get(release.get_absolute_url()).content.decode()
    linked = re.findall(r'href="(/penulis/[^"]+)"', html)
    assert sorted(set(linked)) == ["/penulis/sari/", "/penulis/siswandi/"]
    for url in linked:
        assert client.get(url).status_code == 200, url
