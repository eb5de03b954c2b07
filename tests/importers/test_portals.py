"""Release pages as regional portals, police portals, radio sites and e-mails publish them.

Each file in tests/data/portals/ is an invented release in one portal layout; the
tables below say what every field must be, what must never reach the body, and
what the import does with it (unit, status).
"""

import datetime
import re
import zoneinfo

import pytest

from articles.importers.base import ImportFailure
from articles.importers.text import parse_text
from articles.models import Article, Unit

from .conftest import DATA

PORTALS = DATA / "portals"
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def at(*parts, zone=WIB):
    return datetime.datetime(*parts, tzinfo=zone)


CASES = {
    "times-regional.txt": {
        "title": "Kapolres Jember Pimpin Apel Gelar Pasukan Operasi Zebra Semeru 2024",
        "published_at": at(2024, 9, 24, 22, 29),
        "has_time": True,
        "authors": ["Dwi Susanto"],
        "editor_initials": "Irfan Anshori",
        "dateline": "Jember",
        "source_name": "TIMES JEMBER",
        "paragraphs": 4,
        "absent": ["BACA", "Helm untuk Pelajar", "Sebarkan", "Copyright", "(*)", "TIMES", "Polri"],
    },
    "tribratanews-kaltim.txt": {
        "title": "Satlantas Polres Kukar Gelar Operasi Keselamatan Mahakam di Tenggarong",
        "published_at": at(2024, 3, 4, 8, 0),  # WITA once the unit is known (see below)
        "has_time": True,
        "authors": [],
        "editor_initials": "",
        "dateline": "Tenggarong",
        "source_name": "Tribratanews.kaltim.polri.go.id",
        "paragraphs": 3,
        "absent": ["PID", "Posting Komentar", "mantap", "Berita"],
    },
    "radio-kampus.txt": {
        "title": "Polsek Kaliwates Ungkap Peredaran Pil Koplo di Kawasan Kampus",
        "published_at": at(2023, 1, 4, 0, 0),
        "has_time": False,
        "authors": ["Rina Wulandari"],
        "editor_initials": "Ahmad Fauzi",
        "dateline": "Jember",
        "source_name": "PROSALINA.CO.ID",
        "paragraphs": 4,
        "absent": ["(Dri)", "14 ×", "Dibaca", "Bagikan", "Facebook", "Response", "Komentar", "»"],
    },
    "first-line-date.txt": {
        "title": "Satlantas Polres Jember Gelar Sosialisasi Tertib Berlalu Lintas di Car Free Day",
        "published_at": at(2024, 6, 2, 0, 0),
        "has_time": False,
        "authors": ["Siswandi"],
        "editor_initials": "Nang",
        "dateline": "Jember",
        "source_name": "PORTAL.ID",
        "paragraphs": 3,
        "absent": ["Minggu, 2 Juni", "Penulis", "(Nang)", "PORTAL"],
    },
    "tanggal-pukul.txt": {
        "title": "Polsek Patrang Amankan Pelaku Pencurian Kotak Amal Masjid",
        "published_at": at(2018, 3, 13, 23, 35),
        "has_time": True,
        "authors": ["Dewi Lestari"],
        "editor_initials": "Red/Hms",
        "dateline": "Patrang",
        "source_name": "",
        "tags": ["polsekpatrang", "curat"],
        "paragraphs": 3,
        "absent": ["KAMTIBMAS", "Penulis", "Dewi", "(Red/Hms)", "#"],
    },
    "spaced-parentheses.txt": {
        "title": "Satreskrim Polres Jember Tangkap Dua Pelaku Curanmor Lintas Kabupaten",
        "published_at": at(2022, 12, 13, 0, 0),
        "has_time": False,
        "authors": ["Agus Salim"],
        "editor_initials": "Budi Santoso",
        "dateline": "Jember",
        "source_name": "",
        "paragraphs": 4,
        "absent": ["Pewarta", "Loading", "ADVERTISEMENT", "Foto:", "Kategori", "Berita |"],
    },
    "weekday-mismatch.txt": {
        "title": "Polres Jember Bagikan Sembako untuk Warga Terdampak Banjir di Kecamatan Silo",
        "published_at": at(2024, 9, 24, 9, 15),
        "has_time": True,
        "authors": [],
        "editor_initials": "AR",
        "dateline": "Jember",
        "source_name": "",
        "paragraphs": 2,
        "notes": [
            "peringatan: hari Kamis tidak cocok dengan tanggal 24/09/2024 (hari Selasa) "
            "di 'Kamis 24-09-2024,09:15 WIB'"
        ],
    },
    "email-wrapped.txt": {
        "title": "Kasi Humas Polres Jember Imbau Warga Waspadai Penipuan Berkedok Undian",
        "published_at": at(2024, 8, 19, 0, 0),
        "has_time": False,
        "authors": [],
        "editor_initials": "",
        "dateline": "Jember",
        "source_name": "",
        "paragraphs": 4,
        "absent": ["RILIS", "humas polres jember"],
    },
    "kasat-lantas.txt": {
        "title": "Kasat Lantas Imbau Pemudik Periksa Kendaraan Sebelum Berangkat",
        "published_at": at(2024, 4, 4, 10, 30),
        "has_time": True,
        "editor_initials": "AR",
        "dateline": "Jember",
        "paragraphs": 2,
    },
    "wordpress-theme.txt": {
        "title": "Polsek Jenggawah Bersama Tiga Pilar Amankan Kegiatan Pengajian Akbar",
        "published_at": at(2024, 9, 2, 20, 15),
        "has_time": True,
        "authors": ["Budi Santoso"],
        "editor_initials": "Hms",
        "dateline": "Jember",
        "source_name": "Tribratanews",
        "tags": ["pengajian", "tiga pilar", "jenggawah"],
        "paragraphs": 3,
        "absent": ["Sebarkan", "Dibaca", "Kamtibmas", "Oleh", "Share", "Tags", "Balasan", "email"],
    },
    "polres-bitung.txt": {
        "title": "Polres Bitung Gelar Patroli Skala Besar Jelang Pergantian Tahun",
        "published_at": at(2023, 12, 30, 0, 0),
        "has_time": False,
        "editor_initials": "raf",
        "dateline": "Bitung",
        "paragraphs": 3,
    },
    "antara.txt": {
        "title": "Polsek Puger Evakuasi Nelayan yang Terjebak Gelombang Tinggi",
        "published_at": at(2024, 10, 19, 16, 40),
        "has_time": True,
        "authors": ["Zumrotun Solichah"],
        "editor_initials": "Riza Harahap",
        "dateline": "Jember",
        "source_name": "ANTARA",
        "paragraphs": 3,
        "absent": ["COPYRIGHT", "Pewarta", "Editor", "ANTARA"],
    },
    "caps.txt": {
        "title": "POLSEK KALISAT AMANKAN PENGEDAR UANG PALSU DI PASAR HEWAN",
        "published_at": at(2024, 8, 30, 15, 54),
        "has_time": True,
        "authors": ["Rudi Hartono"],
        "editor_initials": "Bagus",
        "dateline": "Kalisat",
        "tags": ["polsekkalisat", "uangpalsu"],
        "paragraphs": 2,
        "absent": ["Reporter", "Bagus", "#"],
    },
    "crlf-indented.txt": {
        "title": "Satsamapta Polres Jember Patroli Malam di Alun-alun",
        "published_at": at(2024, 10, 9, 21, 10),
        "editor_initials": "AR",
        "dateline": "Jember",
        "paragraphs": 2,
        "absent": ["(AR)", "\r"],
    },
    "detik.txt": {
        "title": "Polisi Gerebek Gudang Penimbunan Solar Bersubsidi di Jember",
        "published_at": at(2024, 9, 5, 14, 32),
        "authors": ["Dwi Saputra"],
        "editor_initials": "dpe/iwd",
        "dateline": "Jember",
        "source_name": "detikJatim",
        "paragraphs": 3,
        "absent": ["detik", "Kamis", "(dpe/iwd)", "Dwi"],
    },
    "fb-humas.txt": {
        "title": "Polsek Ambulu Salurkan Air Bersih untuk Warga Terdampak Kekeringan",
        "published_at": at(2024, 10, 8, 0, 0),
        "dateline": "Ambulu",
        "tags": ["polresjember", "humaspolresjember"],
        "paragraphs": 3,
        "absent": ["Humas Polres Jember", "#"],
    },
    "kompas.txt": {
        "title": "Polres Jember Tangkap Komplotan Pencuri Kabel Telkom",
        "published_at": at(2024, 10, 12, 19, 5),
        "authors": ["Andi Pratama"],
        "editor_initials": "Krisiandi",
        "dateline": "Jember",
        "source_name": "KOMPAS.com",
        "paragraphs": 2,
        "absent": ["REGIONAL", "Simak", "Penulis", "KOMPAS"],
    },
    "radio-fm.txt": {
        "title": "Polsek Kencong Gelar Lomba Layang-Layang Bersama Pelajar",
        "published_at": at(2024, 10, 12, 0, 0),
        "has_time": False,
        "editor_initials": "Nang/Hms",
        "dateline": "Kencong",
        "source_name": "Radio Suara Jember 98.5 FM",
        "paragraphs": 3,
        "absent": ["Diposting", "Dibagikan", "Berita Daerah", "FM"],
    },
    "list-and-read-also.txt": {
        "title": "Mudik Aman, Apa Saja yang Perlu Disiapkan Pemudik Sepeda Motor?",
        "published_at": at(2024, 11, 16, 9, 45),
        "authors": [],  # "Oleh : Humas Polres Jember" is an office, not a reporter
        "editor_initials": "AR",
        "dateline": "Jember",
        "paragraphs": 3,
        "absent": ["Baca", "Pos Pengamanan", "Oleh", "Berita Polres"],
    },
    "breadcrumb-caption.txt": {
        "title": "Polsek Panti Bersihkan Sungai Bersama Warga Cegah Banjir",
        "published_at": at(2024, 11, 16, 0, 0),
        "authors": ["Siswandi"],
        "editor_initials": "AR",
        "dateline": "Panti",
        "paragraphs": 3,
        "absent": ["Beranda", "Foto", "Penulis", "16/11/24"],
    },
    "tribratanews-jatim.txt": {
        "title": "Polsek Tanggul Ringkus Pelaku Jambret di Pasar Tanggul",
        "published_at": at(2024, 11, 11, 13, 20),
        "editor_initials": "Dri",
        "dateline": "Tanggul",
        "source_name": "tribratanews.jatim.polri.go.id",
        "paragraphs": 4,
        "absent": ["POLSEK TANGGUL", "Editor", "Bagikan", "Facebook", "WhatsApp", "Twitter"],
    },
    "weekday-opening.txt": {
        "title": "Polsek Wuluhan Gelar Jumat Curhat dengan Nelayan Puger Kulon",
        "published_at": at(2024, 11, 15, 0, 0),
        "editor_initials": "Hms",
        "dateline": "",
        "paragraphs": 3,
        "absent": ["(Hms)"],
    },
    "jatimnow.txt": {
        "title": "Polres Jember Musnahkan Ribuan Botol Miras Hasil Operasi Pekat",
        "published_at": at(2024, 12, 18, 10, 12),
        "authors": ["Fajar Nugroho"],
        "editor_initials": "Yuli Astuti",
        "dateline": "",
        "source_name": "jatimnow.com",
        "paragraphs": 3,
        "absent": ["Nasional", "IKUTI", "GOOGLE", "jatimnow"],
    },
    "jetpack-wordpress.txt": {
        "title": "Sat Resnarkoba Polres Jember Ungkap Peredaran Sabu di Kecamatan Kalisat",
        "published_at": at(2024, 12, 4, 0, 0),
        "authors": [],  # "Redaksi" is no reporter
        "dateline": "Jember",
        "paragraphs": 3,
        "absent": ["POLRES JEMBER", "Redaksi", "Share", "Like", "Related"],
    },
}


def parse(name, **options):
    path = PORTALS / name
    return parse_text(path.read_bytes(), str(path), **options)


def paragraphs(body):
    return re.findall(r"<p>(.*?)</p>", body)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_portal_layout_gives_every_field(name):
    expected = CASES[name]
    release = parse(name)
    for field in ("title", "published_at", "has_time", "authors", "editor_initials"):
        if field in expected:
            assert getattr(release, field) == expected[field], field
    for field in ("dateline", "source_name", "tags", "notes"):
        if field in expected:
            assert getattr(release, field) == expected[field], field
    assert len(paragraphs(release.body)) == expected["paragraphs"], release.body
    for text in expected.get("absent", []):
        assert text not in release.body, text
    assert release.doubts == []


def test_a_wrapped_text_keeps_its_paragraphs_and_joins_its_lines():
    body = paragraphs(parse("email-wrapped.txt").body)
    assert body[0] == (
        "Kasi Humas Polres Jember AKP Nanang Hermanto mengimbau warga agar waspada terhadap "
        "penipuan berkedok undian berhadiah yang marak beredar melalui pesan WhatsApp, Senin 19 "
        "Agustus 2024."
    )
    assert body[2] == (
        '"Jangan mudah percaya dan selalu cek dulu kebenarannya kepada pihak '
        'penyelenggara," ujarnya.'
    )
    assert body[3].endswith("layanan darurat 110.")


def test_a_caption_repeated_as_a_paragraph_is_dropped_and_the_text_between_kept():
    body = paragraphs(parse("spaced-parentheses.txt").body)
    assert body[-1] == (
        "Kedua tersangka kini ditahan di Rutan Polres Jember untuk proses penyidikan lebih lanjut."
    )
    assert not any("saat merilis" in paragraph for paragraph in body)


def test_a_headline_repeated_inside_the_body_is_dropped():
    body = parse("wordpress-theme.txt").body
    assert body.count("Tiga Pilar Amankan") == 0


def test_a_page_without_a_headline_is_refused_with_the_reason():
    with pytest.raises(ImportFailure, match="no-title.txt: tidak ada judul"):
        parse("no-title.txt")


def test_a_title_that_fails_a_rule_is_kept_only_as_a_doubt():
    release = parse("title-with-full-stop.txt")
    assert release.title == "Polsek Ajung Gelar Patroli Pasar Jelang Akhir Pekan"
    assert release.doubts == [
        "judul dipilih tanpa kepastian: baris 'Polsek Ajung Gelar Patroli Pasar Jelang Akhir "
        "Pekan.' tidak tampak seperti judul"
    ]


def test_a_year_less_marker_takes_the_year_of_its_folder_as_a_doubt():
    release = parse("2023/08/21/polsek-sumbersari-patroli.txt")
    assert release.published_at == at(2023, 8, 21, 0, 0)
    assert release.doubts == [
        "tanggal 'Senin pagi (21/8)' tanpa tahun; tahun 2023 diambil dari tanggal di nama "
        "berkas atau folder"
    ]


def test_a_year_less_marker_without_a_year_is_refused_and_year_dates_it(tmp_path):
    data = (PORTALS / "2023/08/21/polsek-sumbersari-patroli.txt").read_bytes()
    with pytest.raises(ImportFailure, match=r"tanggal tanpa tahun \('Senin pagi \(21/8\)'\)"):
        parse_text(data, "patroli.txt")
    release = parse_text(data, "patroli.txt", year=2022)
    assert release.published_at == at(2022, 8, 21, 0, 0)
    assert "tahun 2022 diambil dari --year 2022" in release.doubts[0]


def test_a_date_in_the_file_name_is_the_last_resort_and_a_doubt():
    release = parse("2024-11-16-polsek-ajung-patroli-pasar.txt")
    assert release.published_at == at(2024, 11, 16, 0, 0) and release.has_time is False
    assert release.doubts == [
        "tanggal 16/11/2024 diambil dari nama berkas atau folder, tidak dari teks"
    ]


def test_date_option_wins_and_says_when_it_differs_from_the_text():
    release = parse("times-regional.txt", date=datetime.date(2024, 9, 25))
    assert release.published_at == at(2024, 9, 25, 0, 0) and release.has_time is False
    assert release.notes == [
        "tanggal dari --date (25/09/2024) dipakai, bukan 'Selasa 24-09-2024,22:29 WIB' di teks"
    ]
    release = parse(
        "2024-11-16-polsek-ajung-patroli-pasar.txt", date=datetime.datetime(2024, 11, 15, 7, 30)
    )
    assert release.published_at == at(2024, 11, 15, 7, 30) and release.has_time is True
    assert release.zone_given is False and release.doubts == []


def test_a_boilerplate_like_line_kept_in_the_body_is_a_doubt():
    release = parse("follow-line.txt")
    assert "Follow Instagram Polres Jember" in release.body
    assert release.doubts == [
        "baris mirip boilerplate dipertahankan di isi: 'Follow Instagram Polres Jember untuk "
        "info terbaru'"
    ]


# The import: units named by the release, and nothing guessed is published.


@pytest.fixture
def portal_units(units):
    """The fixture's units, Satlantas with its aliases, and a Polres in Kalimantan Timur (WITA)."""
    Unit.objects.filter(slug="satlantas-polres-jember").update(
        aliases="Kasat Lantas\nSatuan Lalu Lintas, Satlantas"
    )
    polda = Unit.objects.create(
        name="Polda Kalimantan Timur",
        slug="polda-kalimantan-timur",
        kind="polda",
        time_zone=Unit.TimeZone.WITA,
        aliases="Polda Kaltim",
    )
    Unit.objects.create(
        name="Polres Kutai Kartanegara",
        slug="polres-kutai-kartanegara",
        kind="polres",
        parent=polda,
        time_zone=Unit.TimeZone.WITA,
        aliases="Polres Kukar",
    )


IMPORTED = {
    "times-regional.txt": "polres-jember",
    "tribratanews-kaltim.txt": "polres-kutai-kartanegara",
    "radio-kampus.txt": "polsek-kaliwates",
    "first-line-date.txt": "satlantas-polres-jember",
    "tanggal-pukul.txt": "polsek-patrang",
    "spaced-parentheses.txt": "satreskrim-polres-jember",
    "weekday-mismatch.txt": "polres-jember",
    "email-wrapped.txt": "polres-jember",
    "kasat-lantas.txt": "satlantas-polres-jember",
    "wordpress-theme.txt": "polsek-jenggawah",
    "antara.txt": "polsek-puger",
    "caps.txt": "polsek-kalisat",
    "crlf-indented.txt": "satsamapta-polres-jember",
    "detik.txt": "satreskrim-polres-jember",
    "fb-humas.txt": "polsek-ambulu",
    "kompas.txt": "polres-jember",
    "radio-fm.txt": "polsek-kencong",
    "list-and-read-also.txt": "satlantas-polres-jember",
    "breadcrumb-caption.txt": "polsek-panti",
    "tribratanews-jatim.txt": "polsek-tanggul",
    "weekday-opening.txt": "polsek-wuluhan",
    "jatimnow.txt": "polres-jember",
    "jetpack-wordpress.txt": "satresnarkoba-polres-jember",  # "Sat Resnarkoba", spaced
}


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_each_portal_release_is_filed_under_the_unit_it_names_and_published(
    portal_units, run_import, name
):
    result = run_import(PORTALS / name)
    assert not result.failed, result.err
    article = Article.objects.get()
    assert article.unit.slug == IMPORTED[name]
    assert article.status == Article.Status.PUBLISHED


def test_a_time_without_zone_is_in_the_units_zone(portal_units, run_import):
    run_import(PORTALS / "tribratanews-kaltim.txt")
    article = Article.objects.get()
    assert article.published_at == at(2024, 3, 4, 8, 0, zone=WITA)
    run_import(PORTALS / "tanggal-pukul.txt")  # a Polsek in Jember: WIB
    assert Article.objects.get(unit__slug="polsek-patrang").published_at == at(2018, 3, 13, 23, 35)


def test_kasi_humas_names_the_polres_not_the_humas_unit(portal_units, run_import):
    run_import(PORTALS / "email-wrapped.txt")
    assert Article.objects.get().unit.slug == "polres-jember"


def test_aliases_are_what_names_the_satlantas_unit(units, run_import):
    run_import(PORTALS / "kasat-lantas.txt")
    article = Article.objects.get()
    # Without the alias the release names no unit: the default, held for review.
    assert article.unit.slug == "polres-jember" and article.status == Article.Status.REVIEW
    Unit.objects.filter(slug="satlantas-polres-jember").update(aliases="Kasat Lantas")
    Article.objects.all().delete()
    run_import(PORTALS / "kasat-lantas.txt")
    article = Article.objects.get()
    assert article.unit.slug == "satlantas-polres-jember"
    assert article.status == Article.Status.PUBLISHED


def test_a_release_of_a_unit_not_in_the_database_is_refused_with_its_name(portal_units, run_import):
    result = run_import(PORTALS / "polres-bitung.txt")
    assert result.failed
    assert "polres-bitung.txt: satuan 'Polres Bitung' tidak ada di basis data" in result.err
    assert not Article.objects.exists()


def test_create_units_creates_the_unit_under_the_polda_the_text_names(portal_units, run_import):
    result = run_import(PORTALS / "polres-bitung.txt", create_units=True)
    assert not result.failed, result.err
    assert "Satuan dibuat: Polda Sulawesi Utara (tanpa induk)" in result.out
    assert "Satuan dibuat: Polres Bitung (di bawah Polda Sulawesi Utara)" in result.out
    bitung = Unit.objects.get(name="Polres Bitung")
    assert bitung.kind == "polres" and bitung.parent.name == "Polda Sulawesi Utara"
    assert bitung.time_zone == Unit.TimeZone.WITA == bitung.parent.time_zone
    article = Article.objects.get()
    assert article.unit == bitung and article.status == Article.Status.PUBLISHED
    again = run_import(PORTALS / "polres-bitung.txt", create_units=True)
    assert "Satuan dibuat" not in again.out and "1 tidak berubah" in again.out


def test_an_alias_followed_by_another_polres_is_that_polres(portal_units, run_import, write):
    path = write(
        "rilis.txt",
        "Satlantas Polres Bitung Gelar Razia Knalpot Brong\n\n30/08/2024\n\n"
        "Bitung - Satlantas Polres Bitung menindak puluhan kendaraan berknalpot brong.\n",
    )
    result = run_import(path)
    assert "satuan 'Polres Bitung' tidak ada" in result.err
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "name, doubt",
    [
        ("title-with-full-stop.txt", "judul dipilih tanpa kepastian"),
        ("2023/08/21/polsek-sumbersari-patroli.txt", "tanggal 'Senin pagi (21/8)' tanpa tahun"),
        ("2024-11-16-polsek-ajung-patroli-pasar.txt", "tanggal 16/11/2024 diambil dari nama"),
        ("follow-line.txt", "baris mirip boilerplate"),
    ],
)
def test_nothing_guessed_is_published(portal_units, run_import, name, doubt):
    result = run_import(PORTALS / name)
    assert not result.failed, result.err
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert not Article.objects.published().exists()
    assert f"perlu dicek: {doubt}" in result.out
    assert "diimpor untuk ditinjau editor, tidak diterbitkan" in result.out


def test_a_time_near_the_date_but_not_taken_is_a_doubt(portal_units, run_import, write):
    path = write(
        "rilis.txt",
        "Polsek Ajung Gelar Senam Bersama Warga\n\n"
        "Ajung - Polsek Ajung menggelar senam bersama warga pada Minggu (17/11/2024), "
        "kegiatan dimulai pukul 06.00 di lapangan desa.\n",
    )
    result = run_import(path)
    assert (
        "perlu dicek: jam 'pukul 06.00' di dekat tanggal 'Minggu (17/11/2024)' tidak dipakai"
    ) in result.out
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW and article.has_time is False


def test_date_option_is_for_one_file_only(portal_units, run_import):
    result = run_import(PORTALS, date=datetime.date(2024, 1, 1))
    assert result.failed and "--date hanya untuk satu berkas" in result.error
    result = run_import(PORTALS / "no-title.txt", date=datetime.date(2024, 1, 1))
    assert "tidak ada judul" in result.err
