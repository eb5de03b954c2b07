import datetime
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SM}loc")]


def test_sitemap_index_lists_every_section_including_news(client, release):
    assert locations(client, "/sitemap.xml") == [
        f"http://testserver/sitemap-{section}.xml"
        for section in [
            "home",
            "releases",
            "units",
            "tags",
            "authors",
            "archives",
            "operations",
            "news",
        ]
    ]


def test_every_section_of_the_index_answers(client, release):
    for url in locations(client, "/sitemap.xml"):
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_releases_sitemap_lists_every_visible_release_with_its_last_change(client, release):
    response = client.get("/sitemap-releases.xml")
    root = ElementTree.fromstring(response.content)
    (url,) = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{release.get_absolute_url()}"
    assert url.findtext(f"{SM}lastmod") == timezone.localdate(release.updated_at).isoformat()


def test_listing_pages_are_in_the_sitemap(client, release):
    month = release.pub_date.strftime("%Y/%m")
    assert locations(client, "/sitemap-home.xml") == ["http://testserver/"]
    assert "http://testserver/unit/polres-jember/" in locations(client, "/sitemap-units.xml")
    assert locations(client, "/sitemap-tags.xml") == [
        "http://testserver/tag/jember/",
        "http://testserver/tag/pilkada-2024/",
    ]
    assert locations(client, "/sitemap-authors.xml") == ["http://testserver/penulis/siswandi/"]
    assert locations(client, "/sitemap-archives.xml") == [f"http://testserver/arsip/{month}/"]


def test_news_sitemap_has_only_the_last_two_days(client, unit):
    recent = ArticleFactory(unit=unit, title="Kabar Hari Ini", published_at=hours_ago(5))
    ArticleFactory(
        unit=unit, title="Kabar Lama", published_at=timezone.now() - datetime.timedelta(days=3)
    )
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    (url,) = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{recent.get_absolute_url()}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Polres Jember"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
    assert news.findtext(f"{NEWS}title") == "Kabar Hari Ini"
    published = datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == recent.published_at
    assert published.utcoffset() == datetime.timedelta(hours=7)


def test_news_sitemap_escapes_titles(client, unit):
    ArticleFactory(unit=unit, title="Polisi & Warga <Bersama>")
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    assert root.find(f"{SM}url/{NEWS}news/{NEWS}title").text == "Polisi & Warga <Bersama>"


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text
