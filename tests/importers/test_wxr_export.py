"""WordPress exports as sites write them: versions, namespaces, terms, photos, doubts, report."""

import csv
import io
import threading

import pytest
from django.db import connection, connections
from PIL import Image

from articles.importers import ImportFailure, import_lock, import_paths
from articles.importers.shortcodes import autop, expand_shortcodes
from articles.importers.wxr import Skipped, parse_wxr
from articles.models import Article
from tests import imagedata


def export(items, *, version="1.2", scheme="http", site="https://humas.polresjember.go.id"):
    space = f"{scheme}://wordpress.org/export/{version}/"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        f'xmlns:excerpt="{space}excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{space}">'
        f"<channel><title>Humas Polres Jember</title><link>{site}</link>"
        f"<wp:wxr_version>{version}</wp:wxr_version><wp:base_site_url>{site}</wp:base_site_url>"
        f"{items}</channel></rss>"
    )


def post(post_id, title, body="Jember - Patroli malam digelar di Pasar Tanjung.", **extra):
    parts = {
        "link": f"http://localhost/?p={post_id}",
        "post_date_gmt": "2024-09-01 13:30:00",
        "status": "publish",
        "post_type": "post",
        **extra,
    }
    link = parts.pop("link")
    terms = parts.pop("terms", "")
    meta = parts.pop("meta", "")
    fields = "".join(f"<wp:{name}>{value}</wp:{name}>" for name, value in parts.items())
    return (
        f"<item><title>{title}</title><link>{link}</link><dc:creator>agus</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id>{fields}{terms}{meta}</item>"
    )


def parse(xml, media=None):
    return list(parse_wxr(io.BytesIO(xml.encode()), "wp.xml", media=media))


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_version_and_namespace_spelling_reads_the_same(version, scheme):
    (release,) = parse(export(post(7, "Patroli Malam"), version=version, scheme=scheme))
    assert release.title == "Patroli Malam" and release.status == "published"
    assert release.body == "<p>Patroli malam digelar di Pasar Tanjung.</p>"


def test_a_version_wordpress_never_wrote_refuses_the_file():
    with pytest.raises(ImportFailure, match="versi WXR tidak sah: '2.0'"):
        parse(export(post(7, "Patroli Malam"), version="2.0").replace("export/2.0", "export/1.2"))


def test_wxr_1_0_tags_categories_and_nested_categories_each_once():
    terms = (
        "<category><![CDATA[Polsek Kaliwates]]></category>"
        '<category domain="category" nicename="polsek-kaliwates"><![CDATA[Polsek Kaliwates]]>'
        "</category>"
        '<category domain="category" nicename="lalu-lintas"><![CDATA[Lalu Lintas]]></category>'
        '<category domain="tag"><![CDATA[Ramadan]]></category>'
        '<category domain="tag" nicename="ramadan"><![CDATA[Ramadan]]></category>'
        '<category domain="post_format" nicename="post-format-aside">Aside</category>'
        '<category domain="" nicename="kosong"></category>'
    )
    (release,) = parse(export(post(7, "Patroli", terms=terms), version="1.0"))
    assert release.tags == ["Polsek Kaliwates", "Lalu Lintas", "Ramadan"]
    assert release.unit_names == ["Polsek Kaliwates", "Lalu Lintas"]


def test_password_sticky_private_and_skipped_types():
    items = parse(
        export(
            post(1, "Rahasia", post_password="enter")
            + post(2, "Unggulan", is_sticky="1")
            + post(3, "Pribadi", status="private")
            + post(4, "Tentang Kami", post_type="page")
            + post(5, "foto.jpg", post_type="attachment")
            + post(6, "Beranda", post_type="nav_menu_item")
            + post(7, "Sampah", status="trash")
        )
    )
    protected, sticky, private, *skipped = items
    assert protected.status == "draft" and "dilindungi kata sandi" in protected.notes[0]
    assert sticky.featured is True and protected.featured is None
    assert private.status == "draft"
    assert [s.kind for s in skipped] == ["halaman", "lampiran", "item menu", "status trash"]
    assert all(isinstance(s, Skipped) for s in skipped)


def test_five_posts_called_p_1_in_five_exports_are_five_keys_and_one_site_keeps_its_key():
    keys = set()
    for number in range(5):
        xml = export(post(1, f"Hello {number}"), site="http://localhost/")
        keys.add(next(parse_wxr(io.BytesIO(xml.encode()), f"ekspor-{number}.xml")).import_key)
    assert len(keys) == 5
    public = [
        next(parse_wxr(io.BytesIO(export(post(1, "A")).encode()), name)).import_key
        for name in ("lama.xml", "baru.xml")
    ]
    assert public[0] == public[1]  # a real site: its post 1 is one release, whatever the file


def test_a_repeated_post_id_in_one_file_is_another_release_with_a_doubt():
    first, second = parse(export(post(1, "Satu") + post(1, "Dua")))
    assert first.import_key != second.import_key
    assert second.doubts == [
        "wp:post_id 1 sudah dipakai butir lain di berkas ini; diimpor sebagai rilis tersendiri"
    ]


def test_bidi_controls_leave_titles_and_an_emoji_host_keeps_the_post():
    (release,) = parse(
        export(post(1, "Patroli \u202eMalam\u202c", link="https://🚀-humas.example/?p=1"))
    )
    assert release.title == "Patroli Malam"
    assert "bidi" in release.notes[0]
    assert release.source_url == "https://🚀-humas.example/?p=1"  # prepare() makes it ASCII


def test_shortcodes_become_figures_links_or_nothing_and_are_counted():
    body, notes = expand_shortcodes(
        '[caption id="a1" align="alignnone" width="300"]<img src="x.jpg" /> Kapolres menyerahkan '
        'bantuan[/caption]\n[gallery ids="1,2"]\n[embed]https://www.youtube.com/watch?v=abc'
        '[/embed]\n[youtube https://youtu.be/xyz]\n[contact-form-7 id="5"]\n'
        '[tabs][tab title="A"]Isi tab[/tab][/tabs]\n[[caption]] dan [red] tetap'
    )
    assert (
        '<figure><img src="x.jpg" /><figcaption>Kapolres menyerahkan bantuan</figcaption>' in body
    )
    assert '<a href="https://www.youtube.com/watch?v=abc">' in body
    assert '<a href="https://youtu.be/xyz">' in body
    assert "Isi tab" in body and "[tab" not in body and "contact-form" not in body
    assert "[caption] dan [red] tetap" in body
    assert notes == [
        "1 galeri WordPress ([gallery]) tidak dibawa ke isi rilis",
        "kode pendek WordPress dibuang: [contact-form-7] ×1, [tab] ×1, [tabs] ×1",
    ]


def test_paragraphs_are_added_around_lists_and_headings_not_inside_them():
    html = autop(
        "Paragraf satu\nbaris dua\n\n<h2>Judul</h2>\nParagraf tiga\n<ul>\n<li>a</li>\n\n"
        "<li>b</li>\n</ul>\n\nParagraf empat"
    )
    assert html == (
        "<p>Paragraf satu<br>baris dua</p><h2>Judul</h2><p>Paragraf tiga</p><ul>\n<li>a</li>\n\n"
        "<li>b</li>\n</ul><p>Paragraf empat</p>"
    )


def test_a_literal_cdata_in_the_text_survives_as_text():
    (release,) = parse(export(post(1, "CDATA", body="Teks <![CDATA[ aneh ]]]]><![CDATA[> tetap")))
    assert "&lt;![CDATA[ aneh ]]>" in release.body


ATTACHMENT = (
    "<item><title>foto</title><wp:post_id>90</wp:post_id><wp:post_type>attachment</wp:post_type>"
    "<wp:attachment_url>https://humas.polresjember.example/wp-content/uploads/2024/09/patroli.jpg"
    "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
    "<wp:meta_value>Petugas berpatroli</wp:meta_value></wp:postmeta></item>"
)
THUMBNAIL = (
    "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>90</wp:meta_value>"
    "</wp:postmeta>"
)


def test_the_featured_image_comes_from_media_through_the_upload_pipeline(units, write, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "09").mkdir(parents=True)
    (uploads / "2024" / "09" / "patroli.jpg").write_bytes(imagedata.jpeg_bytes(size=(800, 600)))
    body = 'Jember - Patroli.<img class="wp-image-90" src="https://x/wp-content/uploads/2024/09/patroli.jpg">'
    path = write("wp.xml", export(post(1, "Patroli", body=body, meta=THUMBNAIL) + ATTACHMENT))
    summary = import_paths([path], media=uploads)
    article = Article.objects.get()
    assert article.status == "published" and not article.import_unsure, article.import_notes
    photo = article.main_photo
    assert photo and photo.alt_text == "Petugas berpatroli"
    assert photo.renditions and photo.file_size
    with photo.image.open() as stream:
        stored = Image.open(stream)
        assert not stored.getexif().get(0x8825)  # GPS stripped
    assert "1 gambar di isi tidak ditampilkan" in article.import_notes
    assert "<img" not in article.body
    again = import_paths([path], media=uploads)
    assert (again.unchanged, again.updated, summary.created) == (1, 0, 1)


def test_without_media_the_photo_is_listed_and_the_release_held(units, write, tmp_path):
    path = write("wp.xml", export(post(1, "Patroli", meta=THUMBNAIL) + ATTACHMENT))
    report = tmp_path / "laporan.csv"
    summary = import_paths([path], report_file=report)
    article = Article.objects.get()
    assert article.status == "review" and article.import_unsure and not article.photos.exists()
    assert "foto utama tidak terbawa (tanpa --media): 2024/09/patroli.jpg" in article.import_notes
    assert summary.held == 1
    rows = list(csv.reader(report.open(encoding="utf-8")))
    assert rows[0] == ["berkas", "hasil", "judul", "satuan", "tanggal", "catatan"]
    assert rows[1][1:5] == [
        "dibuat, ditahan untuk ditinjau",
        "Patroli",
        "Polres Jember",
        "2024-09-01T20:30:00+07:00",
    ]
    assert "perlu dicek: foto utama tidak terbawa" in rows[1][5]
    published = import_paths([path], publish_unsure=True)
    assert published.updated == 1 and Article.objects.get().status == "published"


def test_a_corrupt_photo_in_media_holds_the_release_with_the_reason(units, write, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "09").mkdir(parents=True)
    (uploads / "2024" / "09" / "patroli.jpg").write_bytes(b"\xff\xd8\xff bukan foto")
    path = write("wp.xml", export(post(1, "Patroli", meta=THUMBNAIL) + ATTACHMENT))
    import_paths([path], media=uploads)
    article = Article.objects.get()
    assert article.status == "review" and "foto utama ditolak" in article.import_notes


def test_the_command_prints_notes_as_they_happen_writes_the_report_and_counts_held(
    units, run_import, write, tmp_path
):
    path = write(
        "wp.xml",
        export(
            post(1, "Patroli", meta=THUMBNAIL) + ATTACHMENT + post(2, "Halaman", post_type="page")
        ),
    )
    report = tmp_path / "r.csv"
    result = run_import(path, report=str(report))
    assert "Catatan: " in result.out and "foto utama tidak terbawa" in result.out
    assert result.out.index("Catatan:") < result.out.index("Selesai")
    assert "1 ditahan untuk ditinjau editor, 2 dilewati (1 halaman, 1 lampiran)" in result.out
    assert "AXES" not in result.out + result.err
    assert len(list(csv.reader(report.open(encoding="utf-8")))) == 2


def test_a_second_import_while_one_runs_exits_with_a_clear_message(units, write):
    path = write("wp.xml", export(post(1, "Patroli")))
    with import_lock():
        if connection.vendor == "postgresql":
            outcome = []

            def other():
                try:
                    import_paths([path])
                except ImportFailure as failure:
                    outcome.append(str(failure))
                finally:
                    connections.close_all()

            thread = threading.Thread(target=other)
            thread.start()
            thread.join()
            message = outcome[0]
        else:
            with pytest.raises(ImportFailure) as raised, import_lock():
                pass
            message = str(raised.value)
    assert message.startswith("impor lain sedang berjalan pada basis data ini")
    assert import_paths([path]).created == 1  # the lock is free again


def test_body_images_resolve_to_files_of_the_uploads_copy_by_attachment_or_url(tmp_path):
    from articles.importers.wxr import Export, body_images

    uploads = tmp_path / "uploads"
    (uploads / "2008" / "06").mkdir(parents=True)
    (uploads / "2008" / "06" / "canola2.jpg").write_bytes(b"x")
    site = Export("wp.xml")
    site.attachments["611"] = {"file": "2008/06/canola2.jpg", "url": "", "alt": "canola"}
    body = (
        '<img class="wp-image-611" src="https://cdn.example/other/name.jpg">'
        '<img src="https://x.example/wp-content/uploads/2008/06/missing.jpg">'
        '<img src="data:image/png;base64,AAAA"><img src="../../../etc/passwd">'
    )
    assert body_images(body, site, str(uploads)) == [
        ("https://cdn.example/other/name.jpg", str(uploads / "2008" / "06" / "canola2.jpg")),
        ("https://x.example/wp-content/uploads/2008/06/missing.jpg", ""),
        ("../../../etc/passwd", ""),
    ]
    assert body_images(body, site)[0] == (
        "https://cdn.example/other/name.jpg",
        "2008/06/canola2.jpg",
    )


def test_a_media_folder_that_does_not_exist_is_refused(units, write, tmp_path):
    with pytest.raises(ImportFailure, match="folder --media tidak ada"):
        import_paths([write("wp.xml", export(post(1, "Patroli")))], media=tmp_path / "tidak-ada")
