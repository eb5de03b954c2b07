"""Mojibake (text decoded twice upstream) is repaired on import, or held for an editor."""

import json

import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252", as sloppy as the sources
import pytest

from articles.importers import mojibake
from articles.importers.mojibake import looks_broken, repair
from articles.importers.text import parse_text
from articles.models import Article

from .test_wxr import HEAD

pytestmark = pytest.mark.django_db

RELEASE = (
    "# POLRES\n\n"
    "## Kapolres Jember Sapa Warga di “Jumat Curhat” Café Kopi Ijen\n\n"
    "Siswandi - [JEMBER.POLRES.ID](http://JEMBER.POLRES.ID)\n\n"
    "Jumat, 6 September 2024 08:00 WIB\n\n"
    "Jember – Kapolres mendengar keluhan warga soal parkir liar di Café Kopi Ijen…\n\n"
    "“Kami tindak lanjuti,” ujar Kapolres AKBP Bayu Pratama Gubunagi. (AR)\n\n"
    "#polresjember #jumatcurhat\n"
)
TITLE = "Kapolres Jember Sapa Warga di “Jumat Curhat” Café Kopi Ijen"
BODY = (
    "<p>Kapolres mendengar keluhan warga soal parkir liar di Café Kopi Ijen…</p>\n"
    "<p>“Kami tindak lanjuti,” ujar Kapolres AKBP Bayu Pratama Gubunagi.</p>"
)


def double(text):
    """Return text as a tool shows it that reads UTF-8 as Windows-1252."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def test_double_encoding_is_undone():
    assert double("Café “aman” – naïve") == "CafÃ© â€œamanâ€\x9d â€“ naÃ¯ve"
    assert repair(double("Café “aman” – naïve")) == "Café “aman” – naïve"


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("CafÃ©", "Café"),
        ("â€œamanâ€\x9d", "“aman”"),
        ("Ã¢â‚¬â€œ", "–"),  # encoded three times
        ("Café dan CafÃ© â€“ “aman”", "Café dan Café – “aman”"),  # amid correct text
        ("<p>Café.</p><p>CafÃ© â€œamanâ€\x9d</p>", "<p>Café.</p><p>Café “aman”</p>"),
        ("\x93aman\x94", "“aman”"),  # Windows-1252 quotes read as Latin-1
        ("Rp 5.000 Â· CafÃ© &amp; &eacute;", "Rp 5.000 · Café &amp; &eacute;"),  # entities stay
    ],
)
def test_the_common_mojibake_patterns_are_repaired(broken, fixed):
    assert repair(broken) == fixed
    assert not looks_broken(fixed)


@pytest.mark.parametrize(
    "text",
    [
        "Polres Jember mengamankan 3 tersangka pada Sabtu (16/11/2024) pukul 21.00 WIB.",
        "Kapolres berkata “kami tindak tegas” — Rp 1.500.000,- (±20%), suhu 30°C, ½ jam…",
        "SÃO PAULO, João Conceição, Ãlvaro, naïve, Łódź, Győr, Ñandú",
        "&lt;p&gt; &amp;nbsp; &eacute; ‘kutip’ • ™ ©",
        "Polri\u00a0Presisi   \t spasi",
    ],
)
def test_correct_text_passes_byte_for_byte(text):
    assert repair(text).encode() == text.encode()
    assert not looks_broken(text)


def test_what_cannot_be_repaired_is_recognised_not_guessed():
    # The closing quote's last byte (0x9D) has no Windows-1252 character: it is lost for good.
    assert looks_broken(repair("â€œamanâ€"))
    assert repair("“aman,â€ ujar") == "“aman,â€ ujar"  # not a dagger "†" and a lost space
    assert looks_broken("“aman,â€ ujar")
    assert looks_broken("Kapolres \ufffd warga")


def test_the_text_parser_repairs_before_reading_the_layout():
    release = parse_text(double(RELEASE).encode(), "rilis.txt")
    assert release.title == TITLE
    assert release.authors == ["Siswandi"]  # the byline was recognised
    assert release.dateline == "Jember"  # "Jember â€“" is a dateline again
    assert release.body == BODY
    assert release.tags == ["polresjember", "jumatcurhat"]
    assert release.notes == ["teks salah pengodean (mojibake) diperbaiki"]
    assert parse_text(RELEASE.encode(), "rilis.txt").notes == []


# Through the command


def article():
    (only,) = Article.objects.all()
    return only


def test_a_whole_double_encoded_release_is_imported_repaired_with_a_note(units, run_import, write):
    result = run_import(write("rilis.txt", double(RELEASE)))
    assert not result.failed, result.err
    assert (
        "Catatan: " in result.out
        and "rilis.txt: teks salah pengodean (mojibake) diperbaiki" in (result.out)
    )
    imported = article()
    assert imported.title == TITLE and imported.body == BODY and imported.dateline == "Jember"
    assert imported.status == Article.Status.PUBLISHED
    assert "tidak berubah" in run_import(write("rilis.txt", double(RELEASE))).out


def test_only_some_lines_double_encoded_are_repaired_and_the_rest_kept(units, run_import, write):
    lines = RELEASE.split("\n")
    lines[2] = double(lines[2])  # the title
    lines[8] = double(lines[8])  # one paragraph; the dateline's paragraph is correct
    result = run_import(write("rilis.txt", "\n".join(lines)))
    assert not result.failed, result.err
    assert article().title == TITLE and article().body == BODY
    assert "mojibake" in result.out


def test_windows_1252_quotes_read_as_latin_1_and_triple_encoding_are_repaired(
    units, run_import, write
):
    latin1 = RELEASE.replace("“Kami tindak lanjuti,”", "\x93Kami tindak lanjuti,\x94")
    triple = latin1.replace("Jember – Kapolres", double(double("Jember – Kapolres")))
    assert "Ã¢â‚¬â€œ" in triple
    result = run_import(write("rilis.txt", triple))
    assert not result.failed, result.err
    assert article().body == BODY and article().dateline == "Jember"


def test_correct_text_with_a_legitimate_capital_a_tilde_is_imported_unchanged(
    units, run_import, write
):
    text = RELEASE.replace("Café Kopi Ijen", "SÃO PAULO Café").replace("Siswandi", "Joao")
    result = run_import(write("rilis.txt", text))
    assert not result.failed, result.err
    assert "Catatan" not in result.out
    assert article().title == TITLE.replace("Café Kopi Ijen", "SÃO PAULO Café")
    assert "SÃO PAULO Café…" in article().body
    assert article().status == Article.Status.PUBLISHED


def test_text_still_broken_after_repair_is_held_for_review_not_published(units, run_import, write):
    # Read as strict Windows-1252, the closing quote lost its last byte: no repair can know.
    text = RELEASE.replace("Kami tindak lanjuti,”", "Kami tindak lanjuti,â€")
    result = run_import(write("rilis.txt", text))
    assert not result.failed, result.err
    assert (
        "rilis.txt: perlu dicek: teks tampak rusak (salah pengodean) dan tidak dapat diperbaiki: isi; "
        "diimpor untuk ditinjau editor, tidak diterbitkan"
    ) in result.out
    assert article().status == Article.Status.REVIEW
    assert not Article.objects.published().exists()


def test_replacement_characters_hold_a_release_for_review_and_a_draft_stays_a_draft(
    units, run_import, write
):
    text = RELEASE.replace("Ijen…", "Ijen\ufffd")
    result = run_import(write("a.txt", text))
    assert (
        "a.txt: perlu dicek: teks tampak rusak (salah pengodean) dan tidak dapat diperbaiki: isi;"
        in result.out
    )
    assert article().status == Article.Status.REVIEW
    Article.objects.all().delete()
    result = run_import(write("a.txt", text), status="draft")
    assert article().status == Article.Status.DRAFT
    assert "tidak dapat diperbaiki: isi\n" in result.out  # a draft is not published anyway


JSON_RELEASE = {
    "title": TITLE,
    "body": BODY,
    "published_at": "2024-09-06T08:00:00+07:00",
    "unit": "polres-jember",
}


@pytest.mark.parametrize(
    "name, content",
    [
        ("rilis.txt", double(RELEASE)),
        ("rilis.jsonl", double(json.dumps(JSON_RELEASE, ensure_ascii=False))),
    ],
)
def test_a_release_imported_before_the_repair_is_updated_not_duplicated(
    units, run_import, write, monkeypatch, name, content
):
    path = write(name, content)
    with monkeypatch.context() as unrepaired:
        unrepaired.setattr("articles.importers.text.repair", lambda text: text)
        unrepaired.setattr(mojibake, "repair", lambda text: text)
        run_import(path)
    assert "Ã" in article().title
    result = run_import(path)
    assert "0 dibuat, 1 diperbarui" in result.out
    assert article().title == TITLE


def test_a_wxr_item_with_mojibake_is_repaired_field_by_field(units, run_import, write):
    xml = (
        HEAD + "<wp:author><wp:author_login>agus</wp:author_login>"
        f"<wp:author_display_name>{double('Agus Suédi')}</wp:author_display_name></wp:author>"
        f"<item><title>{double('Patroli “Sahur” di Kaliwates')}</title>"
        "<dc:creator>agus</dc:creator><link>https://kaliwates.example.id/?p=7</link>"
        f"<content:encoded><![CDATA[<p>{double('Jember – Patroli digelar di Café Ijen.')}</p>]]>"
        "</content:encoded><wp:post_date_gmt>2024-09-01 13:30:00</wp:post_date_gmt>"
        f'<category domain="post_tag">{double("Ramadan Café")}</category>'
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    # The unit given: a post naming none would be held for review (see test_units.py).
    result = run_import(write("wp.xml", xml), unit="polsek-kaliwates")
    assert not result.failed, result.err
    assert (
        "wp.xml, butir 1: teks salah pengodean (mojibake) diperbaiki: judul, isi, nama "
        "wartawan, tag"
    ) in result.out
    imported = article()
    assert imported.title == "Patroli “Sahur” di Kaliwates"
    assert imported.body == "<p>Patroli digelar di Café Ijen.</p>"
    assert [a.name for a in imported.authors.all()] == ["Agus Suédi"]
    assert [t.name for t in imported.tags.all()] == ["ramadan café"]
    assert imported.status == Article.Status.PUBLISHED


def test_a_json_record_with_mojibake_is_repaired_and_correct_ones_left_alone(
    units, run_import, write
):
    good = {
        "title": "Operasi Zebra Semeru “Presisi”",
        "body": "<p>Satlantas menindak 120 pengendara.</p>",
        "published_at": "2024-09-06T08:00:00+07:00",
        "unit": "polres-jember",
        "lead": "Razia di Jalan Gajah Mada – Kaliwates.",
        "authors": ["Dewi Lestari"],
        "tags": ["zebra"],
    }
    bad = {
        **good,
        "title": double("Patroli Café “Aman”"),
        "lead": double(good["lead"]),
        "dateline": double("Ambulu – Jember"),
        "authors": [double("André Wijaya")],
        "tags": [double("Café")],
    }
    result = run_import(write("r.jsonl", json.dumps(good) + "\n" + json.dumps(bad) + "\n"))
    assert not result.failed, result.err
    assert "r.jsonl, baris 1" not in result.out
    assert (
        "r.jsonl, baris 2: teks salah pengodean (mojibake) diperbaiki: judul, ringkasan, "
        "tempat berita, nama wartawan, tag"
    ) in result.out
    repaired = Article.objects.get(title="Patroli Café “Aman”")
    assert repaired.lead == good["lead"] and repaired.dateline == "Ambulu – Jember"
    assert [a.name for a in repaired.authors.all()] == ["André Wijaya"]
    assert Article.objects.get(title=good["title"]).lead == good["lead"]
