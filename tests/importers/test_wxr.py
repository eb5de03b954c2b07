import datetime
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers.base import ImportFailure, Release
from articles.importers.wxr import Skipped, parse_wxr

from .conftest import DATA

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">'
    "<channel><title>Polsek Kaliwates</title><wp:wxr_version>1.1</wp:wxr_version>"
)


def parse(xml):
    return list(parse_wxr(io.BytesIO(xml.encode() if isinstance(xml, str) else xml), "x.xml"))


def test_items_stream_out_as_releases_skips_and_failures():
    kinds = [
        type(item).__name__ for item in parse((DATA / "wxr" / "polres-jember.xml").read_bytes())
    ]
    assert kinds == ["Release", "Release", "Release", "Release", "Skipped", "Skipped"]


def test_an_older_wxr_version_and_a_plain_body_get_paragraphs():
    (release,) = parse(
        HEAD + "<item><title>Patroli Malam</title><dc:creator>agus</dc:creator>"
        "<content:encoded><![CDATA[Jember - Patroli malam digelar.\n\nWarga merasa aman.\nTerima kasih. (RD)]]>"
        "</content:encoded><wp:post_date_gmt>2024-09-01 13:30:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    assert (
        release.body == "<p>Patroli malam digelar.</p>\n<p>Warga merasa aman.<br>Terima kasih.</p>"
    )
    assert release.dateline == "Jember" and release.editor_initials == "RD"
    assert release.authors == ["agus"]
    assert release.published_at == datetime.datetime(2024, 9, 1, 13, 30, tzinfo=datetime.UTC)
    assert release.source_name == "Polsek Kaliwates"


def test_an_item_without_a_title_or_a_type_is_held_or_skipped_never_guessed_silently():
    items = parse(
        HEAD + "<item><title></title><content:encoded>Isi rilis patroli malam.</content:encoded>"
        "<wp:post_type>post</wp:post_type><wp:post_id>5</wp:post_id>"
        "<wp:post_date_gmt>2024-09-01 13:30:00</wp:post_date_gmt></item>"
        "<item><title>Tanpa Jenis</title><content:encoded>Isi</content:encoded></item>"
        "</channel></rss>"
    )
    assert items[0].title == "Isi rilis patroli malam."
    assert items[0].doubts == ["judul kosong di WordPress; judul sementara diambil dari isi"]
    assert isinstance(items[1], Skipped) and items[1].kind == "tanpa jenis"


def test_broken_xml_names_line_and_column():
    try:
        parse(HEAD + "<item><title>Putus</item>")
    except ImportFailure as failure:
        assert str(failure) == (
            "x.xml: XML rusak di baris 2, kolom 261: tag penutup tidak cocok dengan tag pembukanya"
        )
    else:
        raise AssertionError("broken XML was accepted")


def test_external_entities_are_refused():
    xml = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><item><title>&xxe;</title></item></channel></rss>"
    )
    try:
        parse(xml)
    except ImportFailure as failure:
        assert "ditolak demi keamanan" in str(failure)
    else:
        raise AssertionError("a DTD was accepted")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: (HEAD + t).encode()))
def test_no_input_makes_the_wxr_parser_fail_with_anything_but_an_import_failure(data):
    try:
        items = parse(data)
    except ImportFailure:
        return
    assert all(isinstance(item, Release | Skipped | ImportFailure) for item in items)


def test_entities_in_wordpress_titles_excerpts_and_categories_are_read_as_text():
    head = HEAD.replace("<rss ", '<rss xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/" ')
    (release,) = parse(
        head + "<item><title>Polisi &amp;amp; Warga &amp;#8211; Jaga Kamtibmas</title>"
        "<content:encoded><![CDATA[<p>Isi rilis.</p>]]></content:encoded>"
        "<excerpt:encoded><![CDATA[Polisi &amp; warga bersama &quot;aman&quot;.]]>"
        "</excerpt:encoded>"
        '<category domain="post_tag" nicename="berita-info"><![CDATA[Berita &amp; Info]]></category>'
        "<wp:post_date_gmt>2024-09-01 13:30:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    assert release.title == "Polisi & Warga \u2013 Jaga Kamtibmas"
    assert release.lead == 'Polisi & warga bersama "aman".'
    assert "Berita & Info" in release.tags
