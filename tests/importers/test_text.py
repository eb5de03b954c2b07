import contextlib
import datetime
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers.base import ImportFailure
from articles.importers.text import decode, parse_text, split_tags

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
DATA = Path(__file__).resolve().parent.parent / "data"
SEED_000 = DATA / "seeds" / "000_ba735f460269ccac.txt"
SEED_003 = DATA / "seeds" / "003_6260ac27323f4ac8.txt"

SEED_000_BODY = (
    "<p>Polres Jember melaksanakan pengamanan ketat di Kantor Komisi Pemilihan Umum (KPU) "
    "Kabupaten Jember. Pengamanan ini dilakukan dalam rangka mendukung pelaksanaan monitoring "
    "hasil verifikasi persyaratan pendaftaran Bakal Pasangan Calon Bupati (Cabub) dan Wakil "
    "Bupati (Cawabup) Kabupaten Jember. Jum'at (30/8/2024)</p>\n"
    "<p>Proses verifikasi ini merupakan tahap krusial dalam rangkaian pelaksanaan Pilkada "
    "Serentak 2024 di Kabupaten Jember. Polres Jember, di bawah pimpinan Kapolres AKBP Bayu "
    "Pratama Gubunagi, telah menyiapkan personel untuk memastikan jalannya kegiatan ini "
    "berlangsung aman, tertib, dan lancar.</p>\n"
    "<p>Pengamanan difokuskan di sekitar Kantor KPU, termasuk di titik-titik strategis yang "
    "dinilai rawan. Personel Polres Jember tidak hanya melakukan penjagaan, tetapi juga "
    "berkoordinasi dengan panitia KPU dan pihak terkait lainnya untuk memastikan tidak ada "
    "gangguan selama proses verifikasi berlangsung.</p>\n"
    "<p>Dalam pernyataannya, Kapolres Jember AKBP Bayu Pratama Gubunagi menyampaikan bahwa "
    "pengamanan ini adalah bagian dari komitmen Polres Jember untuk menjaga kondusivitas "
    "selama tahapan Pilkada.</p>\n"
    '<p>"Kami ingin memastikan bahwa setiap tahapan Pilkada berjalan dengan aman dan tertib, '
    'sehingga masyarakat dapat menjalankan hak demokrasi tanpa ada gangguan," ujar '
    "Kapolres.</p>\n"
    "<p>Proses verifikasi ini dihadiri oleh berbagai pihak, termasuk tim pemenang Bapaslon, "
    "pengawas pemilu, serta perwakilan partai politik. Polres Jember juga melakukan pengawasan "
    "terhadap potensi kerumunan dan memastikan bahwa semua pihak yang terlibat dalam proses "
    "ini mematuhi aturan yang telah ditetapkan, terutama terkait protokol keamanan dan "
    "ketertiban.</p>\n"
    "<p>Dengan pengamanan yang dilakukan, Polres Jember berharap seluruh rangkaian Pilkada "
    "Serentak 2024 di Kabupaten Jember dapat berjalan dengan lancar dan damai, serta "
    "menghasilkan pemimpin yang benar-benar dipilih oleh rakyat secara demokratis.</p>"
)

SEED_003_BODY = (
    "<p>Dalam rangka memastikan kelancaran dan keamanan proses pendistribusian logistik "
    "Pilkada serentak 2024, Polres Jember turut hadir dalam Rapat Koordinasi (Rakor) yang "
    "digelar di Edelweiss Grand Ballroom, Cempaka Hill Hotel, Jalan Cempaka, Kelurahan Gebang, "
    "Kecamatan Patrang, Kabupaten Jember, pada Sabtu (16/11/2024).</p>\n"
    "<p>Kapolres Jember, AKBP Bayu Pratama Gubunagi, diwakili oleh Kabagops Kompol Istono "
    "dalam rakor yang juga dihadiri oleh Dandim 0824, KPU Kabupaten Jember, Komisioner Bawaslu "
    "Kabupaten Jember, perwakilan Bakesbangpol, PPK se-Kabupaten Jember, perwakilan JNE "
    "Jember, dan staf KPU Kabupaten Jember, ingin memastikan bahwa tahapan Pilkada berjalan "
    "lancar dan aman.</p>\n"
    "<p>Beberapa hasil yang disepakati dalam rakor ini, antara lain:</p>\n"
    "<p>KPU Kabupaten Jember akan memastikan proses pengaturan dan pengepakan (setting dan "
    "packing) seluruh logistik Pilkada, seperti surat suara, kotak suara, dan perlengkapan TPS, "
    "selesai sebelum jadwal pendistribusian dimulai.</p>\n"
    "<p>Jadwal Pendistribusian Logistik: Logistik akan mulai didistribusikan ke tingkat PPK "
    "pada tanggal 20 hingga 24 November 2024.</p>\n"
    "<p>Pengawalan Distribusi Logistik, Polres Jember akan melakukan pengawalan logistik "
    "selama proses distribusi untuk memastikan keamanannya hingga ke lokasi tujuan.</p>\n"
    "<p>PPK di setiap kecamatan diinstruksikan untuk melakukan pengecekan ulang terhadap "
    "keamanan gudang logistik guna mencegah potensi gangguan atau masalah. Sinergi untuk "
    "Pilkada yang Aman dan Lancar</p>\n"
    "<p>Kabagops Polres Jember, Kompol Istono, menegaskan bahwa Polres Jember siap memberikan "
    "dukungan penuh, baik dari sisi pengawalan distribusi logistik maupun pengamanan selama "
    "seluruh tahapan Pilkada berlangsung.</p>\n"
    '<p>"Kami akan memastikan logistik Pilkada dapat sampai ke tujuan dengan aman dan tepat '
    "waktu. Sinergi dengan TNI, KPU, Bawaslu, dan pihak lainnya menjadi kunci keberhasilan "
    'ini, " ujarnya.</p>\n'
    "<p>Rakor ini menjadi bagian dari langkah antisipatif untuk mengawal kelancaran Pilkada "
    "serentak 2024 di Kabupaten Jember. Dengan pengawalan ketat dan koordinasi yang matang, "
    "diharapkan proses distribusi logistik hingga pelaksanaan pemungutan suara dapat berjalan "
    "aman, tertib, dan sesuai jadwal.</p>"
)


def parse(text, **kwargs):
    data = text if isinstance(text, bytes) else text.encode()
    return parse_text(data, "rilis.txt", **kwargs)


def test_seed_000_gives_every_field():
    release = parse_text(SEED_000.read_bytes(), "000.txt")
    assert release.title == (
        "Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring Verifikasi di KPU"
    )
    assert release.authors == ["Siswandi"]
    assert release.source_name == "JEMBER.POLRES.ID"
    assert release.source_url == "http://jember.polres.id"
    assert release.published_at == datetime.datetime(2024, 8, 30, 15, 54, tzinfo=WIB)
    assert release.has_time is True
    assert release.dateline == "Jember"
    assert release.editor_initials == "AR"
    assert release.tags == []
    assert release.body == SEED_000_BODY
    assert release.notes == []


def test_seed_003_gives_every_field_and_drops_the_portal_boilerplate():
    release = parse_text(SEED_003.read_bytes(), "003.txt")
    assert release.title == (
        "Pastikan Kelancaran Pilkada 2024, Polres Jember Ikuti Rakor Persiapan "
        "Pendistribusian Logistik"
    )
    assert release.authors == ["Siswandi"]
    assert release.source_name == ""
    assert release.source_url == ""
    assert release.published_at == datetime.datetime(2024, 11, 16, 0, 0, tzinfo=WIB)
    assert release.has_time is False
    assert release.dateline == "Jember"
    assert release.editor_initials == "AR"
    assert release.tags == ["polresjember", "pilkada 2024", "jember"]
    assert release.body == SEED_003_BODY


@pytest.mark.parametrize(
    "header, expected, has_time",
    [
        ("Aug 30, 2024 - 15:54", datetime.datetime(2024, 8, 30, 15, 54, tzinfo=WIB), True),
        (
            "Jumat, 30 Agustus 2024 15:54 WIB",
            datetime.datetime(2024, 8, 30, 15, 54, tzinfo=WIB),
            True,
        ),
        (
            "Jumat, 30 Agustus 2024 - 15:54 WITA",
            datetime.datetime(2024, 8, 30, 15, 54, tzinfo=WITA),
            True,
        ),
        (
            "Senin, 2 Sep 2024 pukul 09.15 WIB",
            datetime.datetime(2024, 9, 2, 9, 15, tzinfo=WIB),
            True,
        ),
        ("30/08/2024", datetime.datetime(2024, 8, 30, 0, 0, tzinfo=WIB), False),
        ("30/08/2024 07:05", datetime.datetime(2024, 8, 30, 7, 5, tzinfo=WIB), True),
        ("2 Januari 2025", datetime.datetime(2025, 1, 2, 0, 0, tzinfo=WIB), False),
    ],
)
def test_header_dates_in_english_and_indonesian_forms(header, expected, has_time):
    release = parse(
        f"Polsek Kaliwates Gelar Patroli Malam\n\n{header}\n\n"
        "Jember - Polsek Kaliwates menggelar patroli malam di pusat kota.\n"
    )
    assert release.published_at == expected
    assert release.has_time is has_time
    assert release.dateline == "Jember"
    assert release.body == "<p>Polsek Kaliwates menggelar patroli malam di pusat kota.</p>"


def test_a_header_date_wins_over_the_day_marker_in_the_body():
    release = parse(
        "Patroli Subuh\n\nRabu, 4 September 2024 05:30 WIB\n\n"
        "Jember - Patroli digelar Selasa (3/9/2024) dan diulang hari ini.\n"
    )
    assert release.published_at == datetime.datetime(2024, 9, 4, 5, 30, tzinfo=WIB)


def test_a_release_without_any_date_is_refused_with_the_reason():
    with pytest.raises(ImportFailure, match=r"^rilis.txt: tidak ada tanggal"):
        parse("Patroli Subuh\n\nJember - Personel melaksanakan patroli subuh.\n")


def test_crlf_bom_and_non_breaking_spaces_read_like_plain_text():
    plain = parse(SEED_000.read_bytes())
    windows = SEED_000.read_bytes().replace(b"\n", b"\r\n")
    assert parse(b"\xef\xbb\xbf" + windows) == plain
    spaced = SEED_000.read_text().replace(" ", "\xa0", 40)
    assert parse(spaced).body == plain.body


def test_windows_1252_is_read_and_noted():
    text = (
        "Kapolres Jember Sapa Warga di “Jumat Curhat”\n\nJumat, 6 September 2024 08:00 WIB\n\n"
        "Jember – Kapolres mendengar keluhan warga soal parkir liar…\n"
    )
    release = parse(text.encode("cp1252"))
    assert release.title == "Kapolres Jember Sapa Warga di “Jumat Curhat”"
    assert release.body == "<p>Kapolres mendengar keluhan warga soal parkir liar…</p>"
    assert release.notes == ["bukan UTF-8, dibaca sebagai Windows-1252"]


def test_encoding_option_overrides_the_detection():
    text = "Razia Knalpot Brong\n\n30/08/2024\n\nJember - Satlantas menindak pengendara Győr.\n"
    data = text.encode("iso-8859-2")
    assert parse(data).body.endswith("Gyõr.</p>")  # not UTF-8, so read as Windows-1252
    assert parse(data, encoding="iso-8859-2").body.endswith("Győr.</p>")
    with pytest.raises(ImportFailure, match="pengodean tidak dikenal: klingon"):
        parse(data, encoding="klingon")
    with pytest.raises(ImportFailure, match="tidak dapat dibaca sebagai ascii"):
        parse(data, encoding="ascii")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "berkas kosong"),
        (b"  \r\n\n ", "berkas kosong"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "berkas biner, bukan teks"),
        (b"Judul Saja\n\n30/08/2024\n", "tidak ada isi rilis setelah judul"),
        (b"Judul\n\n30/08/2024\n\nArtikel Sebelumnya\n\nLain\n", "tidak ada isi rilis"),
        (b"\x81\x8d\x8f\x90\x9d", "bukan UTF-8 maupun Windows-1252"),
        (("A" * 301 + "\n\n30/08/2024\n\nJember - Isi.").encode(), "terlalu panjang untuk judul"),
    ],
)
def test_bad_files_are_refused_with_a_one_line_reason(data, reason):
    with pytest.raises(ImportFailure) as caught:
        parse(data)
    assert str(caught.value).startswith("rilis.txt: ")
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_boilerplate_lines_and_footer_never_reach_the_body():
    release = parse(
        "# POLRES\n\n## Satlantas Polres Jember Bagikan Helm Gratis\n\n"
        "Budi Santoso - [JEMBER.POLRES.ID](http://jember.polres.id)\n\n"
        "Sep 2, 2024 - 10:00\n\nSatlantas Polres Jember Bagikan Helm Gratis\n\n"
        "JEMBER – Satlantas Polres Jember membagikan 50 helm kepada pelajar.\n\n"
        "Baca juga: Polres Jember Gelar Operasi Zebra\n\n"
        "Kasat Lantas berpesan agar pelajar selalu tertib. (RD)\n\n"
        "Artikel Sebelumnya\n\nPolsek Patrang Amankan Pengedar\n\n"
        "Berita terkait\n\nRekomendasi\n\nJudul Lain Satu\nJudul Lain Dua\n\nIkuti Kami\n"
    )
    assert release.title == "Satlantas Polres Jember Bagikan Helm Gratis"
    assert release.authors == ["Budi Santoso"]
    assert release.dateline == "Jember"
    assert release.editor_initials == "RD"
    assert release.body == (
        "<p>Satlantas Polres Jember membagikan 50 helm kepada pelajar.</p>\n"
        "<p>Kasat Lantas berpesan agar pelajar selalu tertib.</p>"
    )


def test_several_reporters_and_tags_with_repeats_merged():
    release = parse(
        "Polsek Sumbersari Amankan Dua Pelaku Curanmor\n\nKamis, 5 September 2024 14:20 WIB\n\n"
        "Jember - Polsek Sumbersari mengamankan dua pelaku pencurian sepeda motor. (AR)\n\n"
        "#Curanmor #PolsekSumbersari #curanmor Jember 2024\n"
        "Siswandi\n\nDewi Lestari\n\nSiswandi\n"
    )
    assert release.authors == ["Siswandi", "Dewi Lestari"]
    assert release.tags == ["curanmor", "polseksumbersari", "jember 2024"]
    assert release.editor_initials == "AR"


def test_reporters_named_in_a_byline_with_dan():
    release = parse(
        "Bakti Sosial Bhayangkara\n\nSiswandi dan Rina Wulandari - polresjember.id\n\n"
        "1 Juli 2024\n\nJember - Polres Jember menggelar bakti sosial.\n"
    )
    assert release.authors == ["Siswandi", "Rina Wulandari"]
    assert release.source_name == "polresjember.id"
    assert release.source_url == ""


def test_tag_line_splits_on_spaces_and_hashes_and_keeps_a_year_with_its_word():
    assert split_tags("#polresjember pilkada 2024 jember") == [
        "polresjember",
        "pilkada 2024",
        "jember",
    ]
    assert split_tags("#Polres #Jember, #HUT 79") == ["polres", "jember", "hut 79"]


def test_markdown_links_emphasis_and_lists_become_html():
    release = parse(
        "Operasi Patuh Semeru 2024\n\n15/07/2024\n\n"
        "Jember - Operasi **Patuh Semeru** digelar _14 hari_ sesuai "
        "[jadwal](https://jember.polres.id/jadwal). Sasaran:\n\n"
        "- pengendara tanpa helm\n- melawan arus\n\n1. tahap sosialisasi\n2. tahap penindakan\n"
    )
    assert release.body == (
        "<p>Operasi <strong>Patuh Semeru</strong> digelar <em>14 hari</em> sesuai "
        '<a href="https://jember.polres.id/jadwal">jadwal</a>. Sasaran:</p>\n'
        "<ul><li>pengendara tanpa helm</li><li>melawan arus</li></ul>\n"
        "<ol><li>tahap sosialisasi</li><li>tahap penindakan</li></ol>"
    )


def test_decode_prefers_utf8_with_or_without_bom():
    assert decode("Kapolres “Jember”".encode()) == ("Kapolres “Jember”", "")
    assert decode(b"\xef\xbb\xbfJember") == ("Jember", "")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_no_input_makes_the_parser_fail_with_anything_but_an_import_failure(data):
    try:
        release = parse_text(data, "acak.txt")
    except ImportFailure as failure:
        assert str(failure).startswith("acak.txt: ")
    else:
        assert release.title and release.body and release.published_at


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# POLRES",
                "## Judul Rilis",
                "Siswandi - [JEMBER.POLRES.ID](http://JEMBER.POLRES.ID)",
                "Aug 30, 2024 - 15:54",
                "Jember, - Polres Jember bertugas. (AR)",
                "#tag 2024",
                "Artikel Sebelumnya",
                "- butir",
                "**tebal** _miring_ [tautan](javascript:alert(1))",
                "Sabtu (16/11/2024)",
                "",
                "\xa0",
                "(AR)",
            ]
        ),
        max_size=25,
    )
)
def test_no_arrangement_of_release_parts_crashes_the_parser(lines):
    with contextlib.suppress(ImportFailure):
        parse("\n".join(lines))


def test_a_capitalised_section_label_above_a_plain_title_is_dropped():
    release = parse(
        "# BERITA\n\nPolsek Ajung Gelar Patroli\n\n30/08/2024\n\nJember - Patroli digelar.\n"
    )
    assert release.title == "Polsek Ajung Gelar Patroli"


def test_a_unit_opening_the_first_paragraph_is_not_a_dateline():
    release = parse("Patroli Pagi\n\n30/08/2024\n\nPolres Jember - Polsek Ajung patroli pagi.\n")
    assert release.dateline == ""
    assert release.body == "<p>Polres Jember - Polsek Ajung patroli pagi.</p>"


def test_a_hashtag_line_inside_the_body_gives_tags_and_keeps_the_paragraphs_after_it():
    release = parse(
        "Polres Jember Gelar Donor Darah\n\n01/07/2024\n\n"
        "Jember - Polres Jember menggelar donor darah.\n\n#HariBhayangkara 78\n\n"
        "Sebanyak 150 kantong darah terkumpul dalam kegiatan ini. (AR)\n\nSiswandi\n"
    )
    assert release.tags == ["haribhayangkara 78"]
    assert release.body == (
        "<p>Polres Jember menggelar donor darah.</p>\n"
        "<p>Sebanyak 150 kantong darah terkumpul dalam kegiatan ini.</p>"
    )
    assert release.authors == ["Siswandi"]
    assert release.editor_initials == "AR"


def test_a_sentence_after_the_tags_stays_in_the_body():
    release = parse(
        "Polsek Silo Amankan Pencuri\n\n01/07/2024\n\nJember - Pencuri diamankan.\n\n"
        "#polseksilo\n\nPelaku kini ditahan di Mapolsek Silo.\n"
    )
    assert release.tags == ["polseksilo"]
    assert release.authors == []
    assert release.body == (
        "<p>Pencuri diamankan.</p>\n<p>Pelaku kini ditahan di Mapolsek Silo.</p>"
    )
