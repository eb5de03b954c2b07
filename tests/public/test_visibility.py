"""Draft, review and scheduled releases appear on no public surface; published ones do."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory

from .conftest import hours_ago

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": {"status": "draft", "published_at": None},
    "review": {"status": "review", "published_at": None},
    "draft-with-past-time": {"status": "draft", "published_at": hours_ago(3)},
    "scheduled": {
        "status": "published",
        "published_at": timezone.now() + datetime.timedelta(hours=1),
    },
}


@pytest.fixture(params=list(HIDDEN), ids=list(HIDDEN))
def hidden(request, unit, reporter):
    return ArticleFactory(
        title="Rilis Tersembunyi Zebra",
        unit=unit,
        authors=[reporter],
        tags=["patroli", "rahasia"],
        **HIDDEN[request.param],
    )


@pytest.fixture
def visible(unit, reporter):
    """A visible release next to the hidden one: same unit, reporter and a shared tag."""
    return ArticleFactory(
        title="Rilis Terbuka Kuda",
        unit=unit,
        authors=[reporter],
        tags=["patroli"],
        published_at=hours_ago(2),
    )


def public_urls(visible):
    month = timezone.localdate().strftime("%Y/%m")
    return [
        "/",
        visible.get_absolute_url(),
        "/unit/polres-jember/",
        "/tag/patroli/",
        "/penulis/siswandi/",
        f"/arsip/{month}/",
        f"/arsip/{visible.pub_date:%Y/%m}/",
        "/cari/?q=zebra",
        "/cari/?q=rilis",
        "/feed/",
        "/feed/atom/",
        "/unit/polres-jember/feed/",
        "/tag/patroli/feed/",
        "/sitemap.xml",
        "/sitemap-releases.xml",
        "/sitemap-news.xml",
        "/sitemap-tags.xml",
        "/sitemap-archives.xml",
    ]


def test_hidden_release_is_on_no_public_surface(client, hidden, visible):
    hidden_path = f"/{hidden.slug}/"
    for url in public_urls(visible):
        html = client.get(url).content.decode()
        assert "Zebra" not in html, url
        assert hidden_path not in html, url
        assert "rahasia" not in html, url


def test_hidden_release_page_is_404(client, hidden):
    day = hidden.pub_date or timezone.localdate()
    assert client.get(f"/berita/{day:%Y/%m/%d}/{hidden.slug}/").status_code == 404


def test_hidden_release_is_neither_neighbour_nor_related(client, hidden, visible):
    response = client.get(visible.get_absolute_url())
    assert response.context["previous"] is None
    assert response.context["next"] is None
    assert list(response.context["related"]) == []


def test_reporter_with_only_hidden_releases_is_not_in_the_sitemap(client, hidden):
    assert "/penulis/siswandi/" not in client.get("/sitemap-authors.xml").content.decode()


LISTS_NO_RELEASES = {"/sitemap.xml", "/sitemap-tags.xml", "/sitemap-archives.xml"}


def test_published_release_is_on_every_public_surface(client, unit, reporter, visible):
    neighbour = ArticleFactory(
        title="Rilis Tetangga Zebra",
        unit=unit,
        authors=[reporter],
        tags=["patroli"],
        published_at=hours_ago(1),
    )
    for url in public_urls(visible):
        if url in LISTS_NO_RELEASES or url in (visible.get_absolute_url(), "/cari/?q=zebra"):
            continue
        assert neighbour.get_absolute_url() in client.get(url).content.decode(), url
    assert "Rilis Tetangga Zebra" in client.get("/cari/?q=zebra").content.decode()
    response = client.get(visible.get_absolute_url())
    assert response.context["next"] == neighbour
    assert list(response.context["related"]) == [neighbour]
    assert "/penulis/siswandi/" in client.get("/sitemap-authors.xml").content.decode()
