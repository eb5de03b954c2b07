import datetime
import io
import json
import zoneinfo

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Author, Unit

from .conftest import DATA, SEEDS
from .test_text import SEED_000_BODY, SEED_003_BODY

pytestmark = pytest.mark.django_db
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")

RELEASE = """Polsek Kaliwates Amankan Dua Pelaku Curanmor

Siswandi - [JEMBER.POLRES.ID](http://JEMBER.POLRES.ID)

Sep 5, 2024 - 14:20

Jember - Polsek Kaliwates mengamankan dua pelaku pencurian sepeda motor di Jalan Gajah Mada.

Kedua pelaku kini ditahan di Mapolsek Kaliwates. (AR)
"""


def test_seeds_import_with_every_field(units, run_import):
    result = run_import(SEEDS)
    assert not result.failed, result.err
    assert "Selesai: 2 dibuat, 0 diperbarui, 0 tidak berubah, 0 gagal." in result.out

    first = Article.objects.get(slug__startswith="polres-jember-lakukan")
    assert first.title == (
        "Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring Verifikasi di KPU"
    )
    assert (
        first.slug
        == "polres-jember-lakukan-pengamanan-ketat-pelaksanaan-monitoring-verifikasi-di-kpu"
    )
    assert first.body == SEED_000_BODY
    assert [a.name for a in first.authors.all()] == ["Siswandi"]
    assert first.unit.slug == "polres-jember"
    assert first.published_at == datetime.datetime(2024, 8, 30, 15, 54, tzinfo=WIB)
    assert first.pub_date == datetime.date(2024, 8, 30)
    assert first.has_time is True
    assert first.dateline == "Jember"
    assert first.editor_initials == "AR"
    assert first.source_name == "JEMBER.POLRES.ID"
    assert first.source_url == "http://jember.polres.id"
    assert first.status == Article.Status.PUBLISHED
    assert list(first.tags.all()) == []
    assert first.is_public

    second = Article.objects.get(slug__startswith="pastikan-kelancaran")
    assert second.title == (
        "Pastikan Kelancaran Pilkada 2024, Polres Jember Ikuti Rakor Persiapan "
        "Pendistribusian Logistik"
    )
    assert second.body == SEED_003_BODY
    assert [a.name for a in second.authors.all()] == ["Siswandi"]
    assert second.unit.slug == "polres-jember"
    assert second.published_at == datetime.datetime(2024, 11, 16, 0, 0, tzinfo=WIB)
    assert second.has_time is False
    assert second.dateline == "Jember"
    assert second.editor_initials == "AR"
    assert second.source_name == "" and second.source_url == ""
    assert sorted(t.name for t in second.tags.all()) == ["jember", "pilkada 2024", "polresjember"]

    reporter = Author.objects.get()
    assert (reporter.name, reporter.slug, reporter.unit.slug, reporter.user) == (
        "Siswandi",
        "siswandi",
        "polres-jember",
        None,
    )


def test_portal_home_page_link_is_not_the_import_key(units, run_import, write):
    """Both releases link to http://JEMBER.POLRES.ID; they must stay two releases."""
    write("a.txt", RELEASE)
    write(
        "b.txt", RELEASE.replace("Dua Pelaku", "Tiga Pelaku").replace("dua pelaku", "tiga pelaku")
    )
    result = run_import(write("a.txt", RELEASE).parent)
    assert "2 dibuat" in result.out
    keys = set(Article.objects.values_list("import_key", flat=True))
    assert len(keys) == 2 and "" not in keys


def test_second_import_reports_unchanged_and_writes_nothing(units, run_import):
    run_import(SEEDS)
    before = list(Article.objects.values_list("pk", "updated_at", "import_hash"))
    result = run_import(SEEDS)
    assert "Selesai: 0 dibuat, 0 diperbarui, 2 tidak berubah, 0 gagal." in result.out
    assert list(Article.objects.values_list("pk", "updated_at", "import_hash")) == before
    assert Author.objects.count() == 1 and Tag.objects.count() == 3


def test_the_same_release_twice_in_one_run_is_created_once(units, run_import, write):
    write("satu/rilis.txt", RELEASE)
    path = write("dua/rilis-salinan.txt", RELEASE.replace("\n", "\r\n"))
    result = run_import(path.parent.parent)
    assert "1 dibuat, 0 diperbarui, 1 tidak berubah" in result.out
    assert Article.objects.count() == 1


@pytest.fixture
def versioned():
    """Article under django-reversion, as the admin registers it."""
    registered = reversion.is_registered(Article)
    if not registered:
        reversion.register(Article)
    yield
    if not registered:
        reversion.unregister(Article)


def test_changed_source_updates_the_article_and_keeps_a_revision(
    units, run_import, write, versioned
):
    own_url = "[JEMBER.POLRES.ID](https://jember.polres.id/2024/09/05/curanmor-kaliwates/)"
    release = RELEASE.replace("[JEMBER.POLRES.ID](http://JEMBER.POLRES.ID)", own_url)
    path = write("rilis.txt", release)
    run_import(path)
    article = Article.objects.get()
    write("rilis.txt", release.replace("Jalan Gajah Mada", "Jalan Sultan Agung") + "\n#curanmor\n")
    result = run_import(path)
    assert "0 dibuat, 1 diperbarui, 0 tidak berubah" in result.out
    article.refresh_from_db()
    assert "Jalan Sultan Agung" in article.body
    assert [t.name for t in article.tags.all()] == ["curanmor"]
    assert Article.objects.count() == 1
    versions = Version.objects.get_for_object(article)  # newest first
    assert versions.count() == 2
    assert "Jalan Sultan Agung" in versions[0].field_dict["body"]
    assert "Jalan Gajah Mada" in versions[1].field_dict["body"]

    write("rilis.txt", release.replace("Jalan Gajah Mada", "Jalan Trunojoyo"))
    assert "1 diperbarui" in run_import(path).out
    assert Version.objects.get_for_object(article).count() == 3


@pytest.fixture
def unversioned():
    """Article without django-reversion, whether or not the admin registered it."""
    key = reversion.revisions._get_registration_key(Article)
    options = reversion.revisions._registered_models.pop(key, None)
    yield
    if options is not None:
        reversion.revisions._registered_models[key] = options


def test_update_works_without_revisions(units, run_import, write, unversioned):
    assert not reversion.is_registered(Article)
    release = RELEASE.replace("http://JEMBER.POLRES.ID", "https://jember.polres.id/?p=4512")
    path = write("rilis.txt", release)
    run_import(path)
    write("rilis.txt", release.replace("dua pelaku", "dua tersangka"))
    assert "1 diperbarui" in run_import(path).out
    assert "dua tersangka" in Article.objects.get().body
    assert not Version.objects.exists()


def test_dry_run_writes_nothing_and_shows_what_would_happen(units, run_import):
    result = run_import(SEEDS, dry_run=True)
    assert "Uji coba (--dry-run), tidak ada yang ditulis: 2 dibuat" in result.out
    assert not result.failed
    assert Article.objects.count() == 0 and Author.objects.count() == 0
    assert Tag.objects.count() == 0


def test_bad_files_are_named_and_the_others_go_on_with_exit_code_1(units, run_import, write):
    write("baik.txt", RELEASE)
    write("kosong.txt", b"")
    write("biner.txt", b"\x00\x01\x02GIF89a")
    write("rusak.xml", "<rss><channel><item><title>Patroli</title></channel>")
    write("rusak.json", '{"title": "Patroli", "body": \n')
    result = run_import(write("baik.txt", RELEASE).parent)
    assert result.failed
    assert "1 dibuat, 0 diperbarui, 0 tidak berubah, 4 gagal" in result.out
    errors = result.err.strip().splitlines()
    assert len(errors) == 4
    assert any(line.endswith("kosong.txt: berkas kosong") for line in errors)
    assert any(line.endswith("biner.txt: berkas biner, bukan teks") for line in errors)
    assert any("rusak.xml: XML rusak di baris 1" in line for line in errors)
    assert any(
        "rusak.json: JSON tidak sah di baris 1, kolom 31: nilai diharapkan di sini" in line
        for line in errors
    )
    assert Article.objects.count() == 1


def test_a_missing_path_is_an_error_naming_it(units, run_import, tmp_path):
    result = run_import(tmp_path / "tidak-ada.txt")
    assert result.failed
    assert "tidak-ada.txt: tidak ada berkas atau folder dengan nama ini" in result.err


def test_strict_is_all_or_nothing(units, run_import, write):
    write("baik.txt", RELEASE)
    write("buruk.txt", "Judul Tanpa Isi\n")
    result = run_import(write("baik.txt", RELEASE).parent, strict=True)
    assert result.failed
    assert "--strict: ada yang gagal, tidak ada yang ditulis" in result.out
    assert Article.objects.count() == 0 and Author.objects.count() == 0


def test_strict_writes_everything_when_nothing_fails(units, run_import):
    result = run_import(SEEDS, strict=True)
    assert not result.failed and Article.objects.count() == 2


def test_unit_option_wins_and_unknown_unit_is_refused(units, run_import, write):
    path = write("rilis.txt", RELEASE)
    run_import(path, unit="polsek-patrang")
    assert Article.objects.get().unit.slug == "polsek-patrang"
    result = run_import(path, unit="polsek-atlantis")
    assert result.failed and "polsek-atlantis" in result.error


@pytest.mark.parametrize(
    "title, body, unit",
    [
        (
            "Polsek Kaliwates Amankan Pengedar",
            "Polres Jember memberi apresiasi.",
            "polsek-kaliwates",
        ),
        (
            "Satlantas Polres Jember Gelar Operasi Zebra",
            "Polres Jember dan Polsek Patrang mendukung.",
            "satlantas-polres-jember",
        ),
        ("Kapolsek Patrang Sapa Warga", "Polres Jember hadir.", "polsek-patrang"),
        (
            "Patroli Dialogis di Pasar",
            "Personel Polsek Sumbersari dan Polres Jember.",
            "polsek-sumbersari",
        ),
        ("Patroli Dialogis di Pasar", "Personel melaksanakan patroli.", "polres-jember"),
    ],
)
def test_unit_is_recognised_from_the_title_then_the_body_else_the_default(
    units, run_import, write, title, body, unit
):
    run_import(write("rilis.txt", f"{title}\n\n30/08/2024\n\nJember - {body}\n"))
    assert Article.objects.get().unit.slug == unit


def test_an_empty_unit_table_is_a_clear_error(db, run_import):
    result = run_import(SEEDS)
    assert result.failed and "belum ada satuan" in result.error


def test_status_draft_imports_drafts(units, run_import):
    run_import(SEEDS, status="draft")
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert not Article.objects.published().exists()


def test_a_future_release_keeps_its_date_and_stays_scheduled(units, run_import, write):
    run_import(write("rilis.txt", RELEASE.replace("Sep 5, 2024", "Jan 2, 2099")))
    article = Article.objects.get()
    assert article.published_at == datetime.datetime(2099, 1, 2, 14, 20, tzinfo=WIB)
    assert article.is_scheduled and not Article.objects.published().exists()


def test_script_bearing_bodies_are_sanitised(units, run_import, write):
    run_import(
        write(
            "rilis.txt",
            "Polres Jember Imbau Warga Waspada Penipuan\n\n30/08/2024\n\n"
            'Jember - Warga diimbau <script>alert("x")</script> waspada '
            '<img src=x onerror="alert(1)"> terhadap [tautan palsu](javascript:alert(1)) '
            '<a href="https://jember.polres.id" onclick="steal()">resmi</a>.\n',
        )
    )
    body = Article.objects.get().body
    assert "<script" not in body and "alert" not in body
    assert "onerror" not in body and "onclick" not in body and "javascript:" not in body
    assert '<a href="https://jember.polres.id" rel="noopener noreferrer nofollow">resmi</a>' in body


def test_tags_merge_with_existing_tags_case_insensitively(units, run_import):
    Tag.objects.create(name="Jember", slug="jember")
    run_import(SEEDS)
    assert Tag.objects.filter(name__iexact="jember").count() == 1
    article = Article.objects.get(slug__startswith="pastikan")
    assert "Jember" in [t.name for t in article.tags.all()]


def test_reporters_reuse_existing_authors_and_never_create_users(units, run_import):
    existing = Author.objects.create(name="Siswandi", slug="siswandi-humas")
    run_import(SEEDS)
    assert Author.objects.count() == 1
    assert set(Article.objects.values_list("authors", flat=True)) == {existing.pk}
    assert get_user_model().objects.count() == 0


def test_windows_1252_file_is_noted_in_the_report(units, run_import, write):
    text = "Kapolres Jember Sapa Warga\n\n06/09/2024\n\nJember – Kapolres menyapa warga.\n"
    result = run_import(write("lama.txt", text.encode("cp1252")))
    assert "lama.txt: bukan UTF-8, dibaca sebagai Windows-1252" in result.out
    assert Article.objects.get().body == "<p>Kapolres menyapa warga.</p>"


def test_same_title_on_the_same_day_gets_a_distinct_slug(units, run_import, write):
    write("a.txt", RELEASE)
    write("b.txt", RELEASE.replace("Jalan Gajah Mada", "Jalan Hayam Wuruk"))
    run_import(write("a.txt", RELEASE).parent)
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert slugs == [
        "polsek-kaliwates-amankan-dua-pelaku-curanmor",
        "polsek-kaliwates-amankan-dua-pelaku-curanmor-2",
    ]


def test_a_release_refused_inside_a_batch_fails_alone(units, run_import, write):
    taken = {"title": "Patroli Subuh", "body": "<p>Patroli.</p>", "published_at": "2024-09-01"}
    records = [
        {"title": "Patroli Pagi", "body": "<p>Pagi.</p>", "published_at": "2024-09-01"},
        {**taken, "body": "<p>Patroli lain.</p>", "slug": "patroli-subuh"},
        {"title": "Patroli Malam", "body": "<p>Malam.</p>", "published_at": "2024-09-01"},
    ]
    run_import(write("lama.jsonl", json.dumps(taken)))
    result = run_import(write("baru.jsonl", "\n".join(map(json.dumps, records))))
    assert "2 dibuat, 0 diperbarui, 0 tidak berubah, 1 gagal" in result.out
    assert "baru.jsonl, baris 2: slug 'patroli-subuh' sudah dipakai pada tanggal itu" in result.err
    assert Article.objects.count() == 3


def test_progress_is_plain_lines_when_not_on_a_terminal(units, run_import, write):
    for number in range(20):
        write(f"rilis-{number:02d}.txt", RELEASE.replace("Dua", f"{number + 2}"))
    result = run_import(write("rilis-00.txt", RELEASE.replace("Dua", "2")).parent)
    assert "10/20 berkas, 10 rilis" in result.out and "20/20 berkas, 20 rilis" in result.out
    assert "\r" not in result.out


def test_wxr_export_imports_posts_with_statuses_units_tags_and_reporters(units, run_import):
    result = run_import(DATA / "wxr" / "polres-jember.xml")
    assert not result.failed, result.err
    assert "4 dibuat, 0 diperbarui, 0 tidak berubah, 0 gagal, 2 dilewati" in result.out

    posted = Article.objects.get(title__startswith="Polsek Kaliwates Amankan")
    assert posted.status == "published" and posted.is_public
    assert posted.published_at == datetime.datetime(2024, 9, 3, 10, 10, tzinfo=WIB)
    assert posted.unit.slug == "polsek-kaliwates"
    assert sorted(t.name for t in posted.tags.all()) == ["pasar tanjung", "uang palsu"]
    assert [a.name for a in posted.authors.all()] == ["Siswandi"]
    assert posted.dateline == "Jember" and posted.editor_initials == "AR"
    assert posted.lead == "Pria itu membelanjakan uang palsu di Pasar Tanjung."
    assert posted.source_name == "Humas Polres Jember"
    assert posted.source_url == (
        "https://humas.polresjember.example/2024/09/03/polsek-kaliwates-amankan-pengedar-uang-palsu/"
    )
    assert posted.body == (
        "<p>Unit Reskrim Polsek Kaliwates mengamankan seorang pria yang membelanjakan uang "
        "palsu pecahan Rp100.000 di Pasar Tanjung.</p>\n"
        "<p>Barang bukti berupa <strong>12 lembar</strong> uang palsu kini diamankan di "
        "Mapolsek Kaliwates.</p>"
    )

    scheduled = Article.objects.get(title__startswith="Satlantas")
    assert scheduled.is_scheduled
    assert scheduled.published_at == datetime.datetime(2099, 12, 30, 19, 0, tzinfo=WIB)
    assert scheduled.unit.slug == "satlantas-polres-jember"
    assert [t.name for t in scheduled.tags.all()] == ["lalu lintas"]

    draft = Article.objects.get(title__startswith="Draf:")
    assert draft.status == "draft"
    assert draft.body == (
        "<p>Polsek Patrang menggelar Jumat Curhat bersama warga.</p>"
        '<p>Warga menyampaikan <a rel="noopener noreferrer nofollow">keluhan</a> soal parkir.</p>'
    )
    assert list(draft.tags.all()) == []
    assert Article.objects.get(title__startswith="Menunggu").status == "draft"
    assert not Article.objects.filter(title__in=["Dihapus: Uji Coba Pos", "Tentang Kami"]).exists()

    assert sorted(Author.objects.values_list("name", flat=True)) == ["Dewi Lestari", "Siswandi"]
    assert get_user_model().objects.count() == 0
    assert Group.objects.filter(user__isnull=False).count() == 0
    assert Permission.objects.filter(user__isnull=False).count() == 0
    assert Unit.objects.count() == 27 or Unit.objects.filter(name="Lalu Lintas").count() == 0

    assert "4 tidak berubah" in run_import(DATA / "wxr" / "polres-jember.xml").out


def test_wxr_with_a_dtd_or_entities_is_refused(units, run_import, write):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        "<rss><channel><item><title>&lol2;</title></item></channel></rss>\n"
    )
    result = run_import(write("bom.xml", bomb))
    assert result.failed
    assert "bom.xml: XML ditolak demi keamanan: DTDForbidden" in result.err
    assert Article.objects.count() == 0


def test_xml_that_is_not_a_wordpress_export_is_refused(units, run_import, write):
    result = run_import(write("lain.xml", "<html><body>bukan</body></html>"))
    assert "lain.xml: bukan ekspor WordPress (WXR)" in result.err


def test_the_fixture_is_what_the_importer_makes_of_the_seeds(seed_data, run_import):
    """`make fixtures` rebuilds fixtures/releases.json; a stale fixture fails here."""
    result = run_import(SEEDS)
    assert "Selesai: 0 dibuat, 0 diperbarui, 2 tidak berubah, 0 gagal." in result.out


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_on_a_terminal(units):
    out = Terminal()
    call_command("import_releases", str(SEEDS), stdout=out)
    assert "\r[###############...............] 1/2 berkas, 1 rilis" in out.getvalue()
    assert "\r[##############################] 2/2 berkas, 2 rilis" in out.getvalue()


def test_dry_run_with_verbosity_2_lists_what_would_happen_to_each_release(units, run_import):
    run_import(SEEDS / "000_ba735f460269ccac.txt")
    result = run_import(SEEDS, dry_run=True, verbosity=2)
    assert (
        f"tidak berubah: {SEEDS / '000_ba735f460269ccac.txt'}: Polres Jember Lakukan Pengamanan"
        in result.out
    )
    assert f"dibuat: {SEEDS / '003_6260ac27323f4ac8.txt'}: Pastikan Kelancaran" in result.out
    assert Article.objects.count() == 1
