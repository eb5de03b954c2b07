import datetime
import json
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.preview import make_share_token
from tests.factories import ArticleFactory, AuthorFactory, UnitFactory

from .conftest import add_photo, hours_ago

pytestmark = pytest.mark.django_db


def test_home_lists_both_seed_releases_newest_first(client, seed_data):
    response = client.get("/")
    assert response.status_code == 200
    titles = [a.title for a in response.context["object_list"]]
    assert titles == [
        "Pastikan Kelancaran Pilkada 2024, Polres Jember Ikuti Rakor Persiapan "
        "Pendistribusian Logistik",
        "Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring Verifikasi di KPU",
    ]


def test_release_page_shows_title_reporter_unit_wib_date_and_body(client, seed_data):
    url = "/berita/2024/08/30/polres-jember-lakukan-pengamanan-ketat-pelaksanaan-monitoring-verifikasi-di-kpu/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring" in html
    assert ">Siswandi</a>" in html
    assert ">Polres Jember</a>" in html
    assert (
        '<time datetime="2024-08-30T15:54:00+07:00">Jumat, 30 Agustus 2024 15:54 WIB</time>' in html
    )
    assert "Pengamanan difokuskan di sekitar Kantor KPU" in html
    assert "(AR)" in html


def test_release_page_without_known_time_shows_only_the_date(client, seed_data):
    url = "/berita/2024/11/16/pastikan-kelancaran-pilkada-2024-polres-jember-ikuti-rakor-persiapan-pendistribusian-logistik/"
    html = client.get(url).content.decode()
    assert ">Sabtu, 16 November 2024</time>" in html


@pytest.mark.parametrize(
    "status, delta",
    [("draft", -1), ("review", -1), ("published", +1)],
    ids=["draft", "review", "scheduled"],
)
def test_release_that_is_not_public_is_404_and_absent_from_home(client, status, delta):
    article = ArticleFactory(
        status=status, published_at=timezone.now() + datetime.timedelta(hours=delta)
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(reverse("articles:home")).content.decode()


def test_title_is_escaped_on_every_page(client):
    article = ArticleFactory(title="<script>alert(1)</script> Patroli")
    for url in [article.get_absolute_url(), "/"]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Patroli" in html


def test_home_is_paginated(client):
    ArticleFactory.create_batch(21)
    assert len(client.get("/").context["object_list"]) == 20
    assert len(client.get("/?page=2").context["object_list"]) == 1
    assert client.get("/?page=3").status_code == 404


# Home ---------------------------------------------------------------------------------------


def test_home_shows_featured_releases_units_and_popular_tags(client, unit):
    featured = ArticleFactory(title="Rilis Pilihan Redaksi", unit=unit, featured=True)
    ArticleFactory(unit=unit, tags=["lalu lintas"])
    ArticleFactory(unit=unit, tags=["lalu lintas", "jember"])
    html = client.get("/").content.decode()
    rekomendasi = html[html.index('id="rekomendasi"') : html.index('id="terbaru"')]
    assert featured.title in rekomendasi
    assert '<a href="/unit/polres-jember/">Polres Jember</a>' in html
    assert '<a href="/tag/lalu-lintas/">#lalu lintas</a>' in html
    assert html.index("#lalu lintas") < html.index("#jember"), "most used tag first"


def test_home_popular_tags_ignore_tags_used_only_by_hidden_releases(client, unit):
    ArticleFactory(unit=unit, status="draft", tags=["rahasia"])
    assert "#rahasia" not in client.get("/").content.decode()


def test_home_page_two_does_not_repeat_the_featured_block(client, unit):
    ArticleFactory.create_batch(21, unit=unit, featured=True)
    assert 'id="rekomendasi"' in client.get("/").content.decode()
    assert 'id="rekomendasi"' not in client.get("/?page=2").content.decode()


def test_page_that_is_not_a_number_is_404(client, unit):
    ArticleFactory(unit=unit)
    assert client.get("/?page=abc").status_code == 404


# Release page -------------------------------------------------------------------------------


def test_release_page_links_reporters_unit_tags_and_month_archive(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    assert '<a href="/penulis/siswandi/">Siswandi</a>' in html
    assert '<a href="/unit/polres-jember/">Polres Jember</a>' in html
    assert '<a href="/tag/pilkada-2024/" rel="tag">#pilkada 2024</a>' in html
    assert '<a href="/tag/jember/" rel="tag">#jember</a>' in html
    month = release.pub_date.strftime("%Y/%m")
    assert f'href="/arsip/{month}/"' in html
    assert '<p class="editor" title="Inisial editor">(AR)</p>' in html


def test_release_page_prints_the_dateline_inside_the_first_paragraph(client, unit):
    article = ArticleFactory(
        unit=unit, dateline="Kaliwates", body="<p>Warga menyerahkan senjata.</p>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<p><span class="dateline">Kaliwates</span> &ndash; Warga menyerahkan senjata.</p>' in html
    )


def test_release_page_does_not_repeat_a_dateline_the_body_already_starts_with(client, unit):
    article = ArticleFactory(unit=unit, dateline="Jember", body="<p>JEMBER - Polisi berjaga.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="dateline"' not in html
    assert "<p>JEMBER - Polisi berjaga.</p>" in html


def test_release_time_is_shown_in_the_units_time_zone_with_its_label(client):
    makassar = UnitFactory(
        name="Polres Makassar", slug="polres-makassar", time_zone="Asia/Makassar"
    )
    at = datetime.datetime(2024, 8, 30, 8, 54, tzinfo=datetime.UTC)
    article = ArticleFactory(unit=makassar, published_at=at)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<time datetime="2024-08-30T16:54:00+08:00">Jumat, 30 Agustus 2024 16:54 WITA</time>'
        in html
    )


def test_release_page_shows_previous_and_next_visible_releases(client, unit):
    older = ArticleFactory(unit=unit, title="Rilis Lebih Lama", published_at=hours_ago(30))
    current = ArticleFactory(unit=unit, published_at=hours_ago(20))
    newer = ArticleFactory(unit=unit, title="Rilis Lebih Baru", published_at=hours_ago(10))
    response = client.get(current.get_absolute_url())
    html = response.content.decode()
    assert response.context["previous"] == older
    assert response.context["next"] == newer
    assert f'rel="prev" href="{older.get_absolute_url()}"' in html
    assert "Artikel Sebelumnya" in html and "Artikel Berikutnya" in html


def test_releases_at_the_same_minute_still_have_neighbours(client, unit):
    at = hours_ago(3)
    first, second, third = (ArticleFactory(unit=unit, published_at=at) for _ in range(3))
    response = client.get(second.get_absolute_url())
    assert (response.context["previous"], response.context["next"]) == (first, third)


def test_related_releases_share_tags_and_the_most_shared_come_first(client, unit):
    current = ArticleFactory(unit=unit, tags=["pilkada", "jember", "kpu"])
    one_tag = ArticleFactory(
        unit=unit, title="Satu Tag Sama", tags=["jember"], published_at=hours_ago(1)
    )
    two_tags = ArticleFactory(
        unit=unit, title="Dua Tag Sama", tags=["pilkada", "kpu"], published_at=hours_ago(5)
    )
    ArticleFactory(unit=unit, title="Tanpa Tag Sama", tags=["banjir"])
    response = client.get(current.get_absolute_url())
    assert list(response.context["related"]) == [two_tags, one_tag]
    assert "Berita Terkait" in response.content.decode()


def test_release_without_tags_has_no_related_block(client, unit):
    article = ArticleFactory(unit=unit)
    ArticleFactory(unit=unit)
    assert "Berita Terkait" not in client.get(article.get_absolute_url()).content.decode()


def test_release_page_has_share_links_without_third_party_scripts(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    # The buttons share the short address; WhatsApp gets the whole "Salin untuk WhatsApp" text.
    url = quote(f"http://testserver/r/{release.pk}/", safe="")
    assert "https://wa.me/?text=%2APolres+Jember+Amankan+Kampanye+Damai%2A%0A%0A" in html
    assert f"{url}%0A%0APolres+Jember%0A%23" in html
    assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in html
    assert (
        f"https://x.com/intent/post?text=Polres+Jember+Amankan+Kampanye+Damai&amp;url={url}" in html
    )
    assert f"https://t.me/share/url?url={url}" in html
    assert "data-copy-link" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script type="application/ld+json">',
        '<script src="/static/js/share.js" defer>',
    ]


def test_release_page_has_canonical_and_social_meta(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    url = f"http://testserver{release.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Polres Jember Amankan Kampanye Damai">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="article:tag" content="jember">' in html


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_release_page_describes_itself_as_a_news_article_in_json_ld(client, release):
    news, breadcrumbs = json_ld(client.get(release.get_absolute_url()).content.decode())
    local = release.published_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "Polres Jember Amankan Kampanye Damai"
    assert news["datePublished"] == local.isoformat()
    assert news["datePublished"].endswith("+07:00")
    assert news["dateModified"].endswith("+07:00")
    assert [a["name"] for a in news["author"]] == ["Siswandi"]
    assert news["publisher"]["name"] == "Polres Jember"
    assert sorted(news["keywords"]) == ["jember", "pilkada 2024"]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == [
        "Beranda",
        "Polres Jember",
        "Polres Jember Amankan Kampanye Damai",
    ]


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, unit):
    title = "</script><script>alert(1)</script> & <!--"
    article = ArticleFactory(unit=unit, title=title)
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)[0]["headline"] == title


def test_release_photo_has_caption_credit_dimensions_and_webp_source(client, release):
    add_photo(
        release,
        caption="Personel berjaga",
        credit="Humas",
        alt_text="Polisi di depan KPU",
    )
    response = client.get(release.get_absolute_url())
    html = response.content.decode()
    article_rendition = release.main_photo.renditions["article"]
    assert (
        f'<source type="image/webp" srcset="/media/{article_rendition["webp"]} {article_rendition["width"]}w"'
        in html
    )
    assert f'width="{article_rendition["width"]}" height="{article_rendition["height"]}"' in html
    assert 'alt="Polisi di depan KPU"' in html
    assert (
        '<figcaption>Personel berjaga <span class="credit">Foto: Humas</span></figcaption>' in html
    )
    social = release.main_photo.renditions["social"]["jpeg"]
    assert f'<meta property="og:image" content="http://testserver/media/{social}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert json_ld(html)[0]["image"] == [f"http://testserver/media/{social}"]


def test_cards_show_lazy_thumbnails_with_dimensions(client, release):
    add_photo(release, alt_text="Polisi")
    html = client.get("/").content.decode()
    thumb = release.main_photo.renditions["thumb"]
    img = re.search(r'<img class="card-image"[^>]*>', html).group(0)
    assert f'src="/media/{thumb["jpeg"]}"' in img
    assert f'srcset="/media/{thumb["jpeg"]} {thumb["width"]}w"' in img
    assert 'loading="lazy"' in img and f'width="{thumb["width"]}"' in img


def test_photo_without_renditions_falls_back_to_the_original(client, release):
    add_photo(release)
    release.photos.update(renditions={})
    html = client.get(release.get_absolute_url()).content.decode()
    assert f'src="{release.main_photo.image.url}"' in html
    assert 'width="1600" height="900"' in html


def test_a_changed_slug_redirects_the_old_address_permanently(client, release):
    old_url = release.get_absolute_url()
    release.slug = "judul-baru"
    release.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == release.get_absolute_url()
    assert client.get(release.get_absolute_url()).status_code == 200


def test_a_changed_date_redirects_the_old_address_permanently(client, release):
    old_url = release.get_absolute_url()
    release.published_at = release.published_at - datetime.timedelta(days=3)
    release.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == release.get_absolute_url()


def test_old_address_of_a_withdrawn_release_is_404(client, release):
    old_url = release.get_absolute_url()
    release.slug = "judul-baru"
    release.save()
    release.unpublish()
    assert client.get(old_url).status_code == 404


def test_unknown_release_address_is_404_in_indonesian(client, unit):
    response = client.get("/berita/2024/02/30/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'class="site-header"' in html


# Listing pages ------------------------------------------------------------------------------


def test_polres_page_lists_its_units_and_includes_their_releases(client, unit):
    polsek = UnitFactory(name="Polsek Kaliwates", slug="polsek-kaliwates", parent=unit)
    other = UnitFactory(name="Polres Lumajang", slug="polres-lumajang", kind="polres")
    own = ArticleFactory(unit=unit, title="Rilis Polres", published_at=hours_ago(5))
    child = ArticleFactory(unit=polsek, title="Rilis Polsek", published_at=hours_ago(1))
    ArticleFactory(unit=other, title="Rilis Lumajang")
    response = client.get("/unit/polres-jember/")
    html = response.content.decode()
    assert list(response.context["object_list"]) == [child, own]
    assert '<a href="/unit/polsek-kaliwates/">Polsek Kaliwates</a>' in html
    assert "2 rilis" in html
    assert "Rilis Lumajang" not in html
    polsek_page = client.get("/unit/polsek-kaliwates/")
    assert list(polsek_page.context["object_list"]) == [child]
    assert '<a href="/unit/polres-jember/">Polres Jember</a>' in polsek_page.content.decode()


def test_tag_page_lists_releases_with_that_tag_newest_first(client, unit):
    older = ArticleFactory(unit=unit, tags=["banjir"], published_at=hours_ago(9))
    newer = ArticleFactory(unit=unit, tags=["banjir", "jember"], published_at=hours_ago(1))
    ArticleFactory(unit=unit, tags=["jember"])
    response = client.get("/tag/banjir/")
    assert list(response.context["object_list"]) == [newer, older]
    assert "<h1>#banjir</h1>" in response.content.decode()
    assert client.get("/tag/tidak-ada/").status_code == 404


def test_reporter_page_lists_their_releases(client, unit, reporter):
    theirs = ArticleFactory(unit=unit, authors=[reporter])
    ArticleFactory(unit=unit, authors=[AuthorFactory()])
    response = client.get("/penulis/siswandi/")
    assert list(response.context["object_list"]) == [theirs]
    assert "<h1>Siswandi</h1>" in response.content.decode()
    assert client.get("/penulis/tidak-ada/").status_code == 404


def test_monthly_archive_lists_the_months_releases_and_links_neighbour_months(client, unit):
    def at(y, m, d):
        return datetime.datetime(y, m, d, 10, tzinfo=datetime.UTC)

    july = ArticleFactory(unit=unit, published_at=at(2024, 7, 3))
    aug_1 = ArticleFactory(unit=unit, published_at=at(2024, 8, 1))
    aug_30 = ArticleFactory(unit=unit, published_at=at(2024, 8, 30))
    ArticleFactory(unit=unit, published_at=at(2024, 10, 2))
    response = client.get("/arsip/2024/08/")
    html = response.content.decode()
    assert list(response.context["object_list"]) == [aug_30, aug_1]
    assert "<h1>Arsip Agustus 2024</h1>" in html
    assert 'href="/arsip/2024/07/"' in html and 'href="/arsip/2024/10/"' in html
    assert july not in response.context["object_list"]
    assert client.get("/arsip/2024/09/").status_code == 404


@pytest.mark.parametrize("url", ["/unit/polres-jember/", "/tag/patroli/", "/penulis/siswandi/"])
def test_listing_pages_are_paginated_with_a_count(client, unit, reporter, url):
    ArticleFactory.create_batch(21, unit=unit, authors=[reporter], tags=["patroli"])
    first = client.get(url)
    assert len(first.context["object_list"]) == 20
    assert "21 rilis" in first.content.decode()
    assert "Halaman 1 dari 2" in first.content.decode()
    assert len(client.get(url + "?page=2").context["object_list"]) == 1


def test_listing_page_two_is_its_own_canonical_address(client, unit):
    ArticleFactory.create_batch(21, unit=unit)
    # The page cache sends an address with a tracking parameter to the clean one.
    response = client.get("/unit/polres-jember/?page=2&utm_source=wa", follow=True)
    assert response.redirect_chain == [("/unit/polres-jember/?page=2", 301)]
    html = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/unit/polres-jember/?page=2">' in html


# Error pages and language -------------------------------------------------------------------


def test_server_error_page_is_indonesian_and_shows_no_stack_trace(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.public.urls_failing"
    client.raise_request_exception = False
    response = client.get("/gagal/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi gangguan" in html
    assert "Traceback" not in html and "RuntimeError" not in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_english_interface_after_choosing_english(client, release):
    response = client.post("/bahasa/", {"language": "en", "next": release.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == release.get_absolute_url()
    html = client.get(release.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Share" in html and "Skip to content" in html
    local = release.published_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert f"{local:%A}, {local.day} {local:%B %Y %H:%M} WIB</time>" in html


def test_indonesian_is_the_default_language(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    assert '<html lang="id">' in html and "Bagikan" in html


def test_public_pages_carry_no_csrf_token(client, release):
    for url in ["/", release.get_absolute_url(), "/cari/?q=jember"]:
        assert "csrfmiddlewaretoken" not in client.get(url).content.decode()


def test_release_text_stays_marked_indonesian_in_the_english_interface(client, release):
    client.post("/bahasa/", {"language": "en", "next": "/"})
    assert (
        '<article class="release" lang="id">'
        in client.get(release.get_absolute_url()).content.decode()
    )
    assert 'class="card" lang="id"' in client.get("/").content.decode()


def test_browser_asking_for_english_gets_the_english_interface(client, release):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="en">' in html and "Latest releases" in html


def test_preview_of_an_undated_draft_renders_the_release_page_with_its_banner(client, unit):
    draft = ArticleFactory(unit=unit, status="draft", published_at=None, tags=["patroli"])
    ArticleFactory(unit=unit, tags=["patroli"])
    token = make_share_token(draft, datetime.timedelta(hours=1))
    response = client.get(f"/pratinjau/{token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Pratinjau: rilis ini belum tampil untuk publik." in html
    assert f"<h1>{draft.title}</h1>" in html
    assert response.context["previous"] is None and response.context["next"] is None


def test_json_ld_description_falls_back_to_the_start_of_the_body(client, unit):
    article = ArticleFactory(
        unit=unit, lead="", body="<p>Polisi &amp; warga membersihkan sungai.</p>"
    )
    news, _ = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert news["description"] == "Polisi & warga membersihkan sungai."


def test_other_photos_show_as_a_gallery_after_the_main_photo(client, release):
    add_photo(release, alt_text="Apel pasukan", caption="Apel pagi")
    add_photo(release, size=(900, 1200), alt_text="Barang bukti", caption="Motor", credit="Humas")
    add_photo(release, size=(800, 600), alt_text="Tersangka", caption="Tersangka diamankan")
    main, second, third = release.photos.all()
    html = client.get(release.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="release-image">.*?</figure>', html, re.S).group(0)
    assert 'alt="Apel pasukan"' in figure and "Apel pagi" in figure
    gallery = re.search(r'<section class="release-gallery".*?</section>', html, re.S).group(0)
    assert "Foto lainnya (2)" in gallery
    alts = re.findall(r'<img class="gallery-image"[^>]*alt="([^"]*)"', gallery)
    assert alts == ["Barang bukti", "Tersangka"]
    # Each thumbnail opens the large photo: a plain link, no JavaScript needed.
    links = re.findall(r'<a href="([^"]+)" class="gallery-link">', gallery)
    assert links == [f"/media/{p.renditions['article']['jpeg']}" for p in (second, third)]
    assert '<span class="credit">Foto: Humas</span>' in gallery
    assert "Apel pasukan" not in gallery
    # The main photo alone: no gallery.
    release.photos.exclude(pk=main.pk).delete()
    cache.clear()
    html = client.get(release.get_absolute_url()).content.decode()
    assert "release-gallery" not in html and 'alt="Apel pasukan"' in html


def test_a_table_in_the_body_stays_a_table_on_the_page(client, release):
    release.body = (
        '<p class="MsoNormal">Barang bukti:</p><table class="MsoTableGrid" style="width:600px">'
        "<thead><tr><th>No</th><th>Barang</th></tr></thead>"
        '<tbody><tr><td style="mso-x">1</td><td colspan="2" onclick="x()">Motor</td></tr></tbody>'
        "</table><ul><li>Satu</li></ul>"
    )
    release.save()
    html = client.get(release.get_absolute_url()).content.decode()
    assert (
        "<table><thead><tr><th>No</th><th>Barang</th></tr></thead><tbody><tr><td>1</td>"
        '<td colspan="2">Motor</td></tr></tbody></table><ul><li>Satu</li></ul>'
    ) in html
    assert "Mso" not in html and "onclick" not in html
