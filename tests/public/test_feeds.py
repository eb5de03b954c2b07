import datetime
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage

from tests.factories import ArticleFactory, UnitFactory

from .conftest import add_photo, hours_ago

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ElementTree.fromstring(response.content).findall("channel/item")


def test_rss_feed_item_has_title_summary_date_author_categories_and_image(client, release):
    add_photo(release)
    release.lead = "Ribuan personel mengamankan kampanye."
    release.save()
    (item,) = rss_items(client, "/feed/")
    local = release.published_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert item.findtext("title") == "Polres Jember Amankan Kampanye Damai"
    assert item.findtext("link") == f"http://testserver{release.get_absolute_url()}"
    assert item.findtext("description") == "Ribuan personel mengamankan kampanye."
    assert item.findtext("pubDate") == local.strftime("%a, %d %b %Y %H:%M:%S +0700")
    assert item.findtext(f"{DC}creator") == "Siswandi"
    assert sorted(c.text for c in item.findall("category")) == ["jember", "pilkada 2024"]
    enclosure = item.find("enclosure")
    photo = release.main_photo
    assert enclosure.get("url") == f"http://testserver{photo.image.url}"
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == photo.file_size == default_storage.size(photo.image.name)


def test_rss_summary_falls_back_to_the_start_of_the_body(client, unit):
    ArticleFactory(unit=unit, lead="", body="<p>Polisi &amp; warga bergotong royong.</p>")
    (item,) = rss_items(client, "/feed/")
    # The description is HTML: the text's "&" is escaped for it (tests/public/test_escaping.py).
    assert item.findtext("description") == "Polisi &amp; warga bergotong royong."


def test_feed_lists_newest_first_and_at_most_twenty(client, unit):
    ArticleFactory.create_batch(22, unit=unit)
    newest = ArticleFactory(unit=unit, title="Paling Baru", published_at=hours_ago(0.1))
    items = rss_items(client, "/feed/")
    assert len(items) == 20
    assert items[0].findtext("title") == newest.title


def test_atom_feed_has_entries_with_offset_dates_authors_and_categories(client, release):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == release.title
    assert entry.findtext(f"{ATOM}published").endswith("+07:00")
    assert entry.findtext(f"{ATOM}updated").endswith("+07:00")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Siswandi"
    assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == [
        "jember",
        "pilkada 2024",
    ]


def test_unit_feed_has_the_units_releases_and_those_below_it(client, unit):
    polsek = UnitFactory(name="Polsek Kaliwates", slug="polsek-kaliwates", parent=unit)
    other = UnitFactory(name="Polres Lumajang", slug="polres-lumajang")
    ArticleFactory(unit=unit, title="Dari Polres")
    ArticleFactory(unit=polsek, title="Dari Polsek")
    ArticleFactory(unit=other, title="Dari Lumajang")
    titles = {i.findtext("title") for i in rss_items(client, "/unit/polres-jember/feed/")}
    assert titles == {"Dari Polres", "Dari Polsek"}
    assert client.get("/unit/tidak-ada/feed/").status_code == 404


def test_tag_feed_has_only_releases_with_that_tag(client, unit):
    ArticleFactory(unit=unit, title="Bertag Banjir", tags=["banjir"])
    ArticleFactory(unit=unit, title="Tanpa Tag")
    titles = [i.findtext("title") for i in rss_items(client, "/tag/banjir/feed/")]
    assert titles == ["Bertag Banjir"]
    assert client.get("/tag/tidak-ada/feed/").status_code == 404


def test_release_times_in_feeds_carry_the_units_offset(client):
    papua = UnitFactory(name="Polres Jayapura", slug="polres-jayapura", time_zone="Asia/Jayapura")
    ArticleFactory(
        unit=papua, published_at=datetime.datetime(2024, 8, 30, 8, 54, tzinfo=datetime.UTC)
    )
    (item,) = rss_items(client, "/feed/")
    assert item.findtext("pubDate") == "Fri, 30 Aug 2024 17:54:00 +0900"


def test_pages_advertise_the_feeds(client, unit):
    ArticleFactory(unit=unit)
    html = client.get("/unit/polres-jember/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Rilis terbaru (RSS)" href="/feed/">'
        in html
    )
    assert 'href="/unit/polres-jember/feed/"' in html


def test_enclosure_length_comes_from_the_database_not_the_storage(client, release, monkeypatch):
    add_photo(release)
    photo = release.main_photo

    def no_storage(*args, **kwargs):
        raise AssertionError("the feed asked the storage")

    # Every node answers the same feed, whatever its storage: nothing is asked of it.
    monkeypatch.setattr(FileSystemStorage, "size", no_storage)
    monkeypatch.setattr(FileSystemStorage, "exists", no_storage)
    monkeypatch.setattr(FileSystemStorage, "open", no_storage)
    for url in ("/feed/", "/unit/polres-jember/feed/"):
        (item,) = rss_items(client, url)
        enclosure = item.find("enclosure")
        assert int(enclosure.get("length")) == photo.file_size > 0
    # A photo whose size is unknown (a file gone before the migration) has no enclosure.
    release.photos.update(file_size=None)
    cache.clear()
    (item,) = rss_items(client, "/feed/")
    assert item.find("enclosure") is None
