"""What the public sees of corrections: the release page, its JSON-LD, /ralat/ and its feed."""

import datetime
import re

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from corrections.models import Correction
from tests.factories import ArticleFactory, UnitFactory
from tests.public.test_views import json_ld

from .conftest import hours_ago

pytestmark = pytest.mark.django_db

VISIBILITY = [
    ("draft", None),
    ("review", None),
    ("published", timezone.now() + datetime.timedelta(days=1)),  # scheduled
]


def correct(article, text, hours):
    return Correction.objects.create(article=article, text=text, created_at=hours_ago(hours))


def test_release_page_shows_corrections_newest_first_in_the_units_zone(client, release):
    release.unit.time_zone = "Asia/Makassar"
    release.unit.save()
    older = correct(release, "Sebelumnya tertulis Kaliwates; yang benar Sumbersari.", 3)
    newer = correct(release, "Sebelumnya tertulis 4 pelaku; yang benar 3.", 1)
    html = client.get(release.get_absolute_url()).content.decode()
    section = re.search(r'<section class="corrections".*?</section>', html, re.S).group(0)
    assert section.index("4 pelaku") < section.index("Kaliwates")
    local = timezone.localtime(newer.created_at, release.unit.tzinfo)
    assert f'<time datetime="{local.isoformat()}">' in section
    assert f"{local:%H:%M} WITA" in section
    assert f'id="ralat-{older.pk}"' in section


def test_release_without_corrections_has_no_notice(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    assert 'class="corrections"' not in html
    assert "correction" not in json_ld(html)[0]


def test_json_ld_carries_each_correction_as_a_correction_comment(client, release):
    Article.objects.filter(pk=release.pk).update(updated_at=hours_ago(4))
    correct(release, "Pertama.", 3)
    newest = correct(release, "Kedua: yang benar 3 pelaku.", 1)
    news = json_ld(client.get(release.get_absolute_url()).content.decode())[0]
    assert [c["@type"] for c in news["correction"]] == ["CorrectionComment"] * 2
    assert news["correction"][0]["text"] == "Kedua: yang benar 3 pelaku."
    assert news["correction"][0]["url"].endswith(f"#ralat-{newest.pk}")
    zone = release.unit.tzinfo
    assert news["correction"][0]["datePublished"] == newest.created_at.astimezone(zone).isoformat()
    # A correction is a modification: dateModified is at least its time.
    assert news["dateModified"] == newest.created_at.astimezone(zone).isoformat()


def test_corrections_page_lists_every_public_correction_newest_first(client, unit):
    first = ArticleFactory(unit=unit, title="Rilis Pertama")
    second = ArticleFactory(unit=UnitFactory(name="Polsek Kaliwates"), title="Rilis Kedua")
    correct(first, "Ralat lama.", 5)
    correct(second, "Ralat baru.", 1)
    response = client.get("/ralat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Ralat baru.") < html.index("Ralat lama.")
    assert f'href="{second.get_absolute_url()}#ralat-' in html
    assert 'type="application/rss+xml"' in html and "/ralat/feed/" in html


@pytest.mark.parametrize("status, published_at", VISIBILITY)
def test_corrections_of_releases_not_public_are_never_shown(client, unit, status, published_at):
    article = ArticleFactory(unit=unit, title="Rilis Rahasia")
    correct(article, "Ralat rahasia.", 1)
    Article.objects.filter(pk=article.pk).update(status=status, published_at=published_at)
    for url in ("/ralat/", "/ralat/feed/"):
        body = client.get(url).content.decode()
        assert "Ralat rahasia" not in body and "Rilis Rahasia" not in body, url


def test_corrections_page_is_paginated(client, unit):
    article = ArticleFactory(unit=unit)
    for number in range(25):
        correct(article, f"Ralat nomor {number:02d}.", 100 - number)
    first = client.get("/ralat/").content.decode()
    assert "Ralat nomor 24." in first and "Ralat nomor 04." not in first
    assert "Halaman 1 dari 2" in first and "?page=2" in first
    second = client.get("/ralat/?page=2").content.decode()
    assert "Ralat nomor 04." in second and "Ralat nomor 05." not in second
    assert client.get("/ralat/?page=3").status_code == 404


def test_corrections_feed_lists_corrections_and_withdrawals(client, release, editor, unit):
    other = ArticleFactory(unit=unit, title="Rilis <Ditarik> & Lain")
    correct(release, "Nama <b>pelaku</b> AS, bukan AR.", 2)
    other.unpublish(by=editor, reason="Data belum terverifikasi.")
    response = client.get("/ralat/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert [entry.title for entry in feed.entries] == [
        "Ditarik: Rilis <Ditarik> & Lain",
        f"Ralat: {release.title}",
    ]
    # The text reaches a reader as text, not as markup.
    assert feed.entries[1].summary == "Nama &lt;b&gt;pelaku&lt;/b&gt; AS, bukan AR."
    notice = Correction.objects.get(kind=Correction.Kind.CORRECTION)
    assert feed.entries[1].link.endswith(f"{release.get_absolute_url()}#ralat-{notice.pk}")
    assert feed.entries[0].link.endswith(other.get_absolute_url())


def test_a_withdrawn_release_is_listed_with_its_date_and_reason(client, release, editor):
    release.unpublish(by=editor, reason="Identitas korban tertulis lengkap.")
    html = client.get("/ralat/").content.decode()
    assert "Ditarik" in html and release.title in html
    assert "Identitas korban tertulis lengkap." in html


def test_a_legal_removal_is_not_listed(client, release, editor):
    release.unpublish(by=editor, removal=Article.Removal.HIDDEN)
    html = client.get("/ralat/").content.decode()
    assert release.title not in html
    assert "Belum ada ralat." in html


def test_a_new_correction_shows_at_once_on_cached_pages(client, release, committed):
    url = release.get_absolute_url()
    assert "Belum ada ralat." in client.get("/ralat/").content.decode()
    client.get(url)  # both pages are now cached
    with committed():
        correct(release, "Yang benar 3 pelaku.", 0)
    assert "Yang benar 3 pelaku." in client.get(url).content.decode()
    assert "Yang benar 3 pelaku." in client.get("/ralat/").content.decode()


def test_corrections_page_runs_a_fixed_number_of_queries(client, unit):
    def count_for(notices):
        Correction.objects.all().delete()
        for number in range(notices):
            correct(ArticleFactory(unit=unit), f"Ralat {number}.", number + 1)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ralat/").status_code == 200
        return len(queries)

    assert count_for(1) == count_for(20)


def test_a_correction_moves_the_releases_modified_time_in_feeds_and_json_ld(
    client, release, editor
):
    Article.objects.filter(pk=release.pk).update(updated_at=hours_ago(4))
    release.refresh_from_db()
    correction = Correction.objects.record(release, "Yang benar 3 pelaku.", by=editor)
    zone = release.unit.tzinfo
    news = json_ld(client.get(release.get_absolute_url()).content.decode())[0]
    assert news["dateModified"] == correction.created_at.astimezone(zone).isoformat()
    atom = feedparser.parse(client.get("/feed/atom/").content)
    entry = next(e for e in atom.entries if e.title == release.title)
    updated = datetime.datetime.fromisoformat(entry.updated)
    assert abs(updated - correction.created_at) < datetime.timedelta(seconds=1)
    assert datetime.datetime.fromisoformat(atom.feed.updated) >= updated - datetime.timedelta(
        seconds=1
    )
