"""The "Salin untuk WhatsApp" message (articles/whatsapp.py)."""

import pytest

from articles import whatsapp
from tests.factories import ArticleFactory, UnitFactory

pytestmark = pytest.mark.django_db

URL = "https://humas.example/r/42/"


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember")


def test_message_with_lead_and_tags(unit):
    article = ArticleFactory(
        unit=unit,
        title="Polres Jember Amankan Kampanye Damai",
        lead="Ratusan personel mengamankan kampanye damai di alun-alun.",
        dateline="Jember",
        tags=["pilkada 2024", "Polres Jember", "kamtibmas"],
    )
    assert whatsapp.message(article, URL) == (
        "*Polres Jember Amankan Kampanye Damai*\n"
        "\n"
        "Jember – Ratusan personel mengamankan kampanye damai di alun-alun.\n"
        "\n"
        "https://humas.example/r/42/\n"
        "\n"
        "Polres Jember\n"
        "#kamtibmas #Pilkada2024 #PolresJember"
    )


def test_message_without_lead_or_tags_uses_the_start_of_the_body(unit):
    article = ArticleFactory(
        unit=unit,
        title="Patroli Malam",
        lead="",
        dateline="Jember",
        body="<p>Jember - Personel <b>Sabhara</b> berpatroli.</p><p>Situasi aman.</p>",
    )
    assert whatsapp.message(article, URL) == (
        "*Patroli Malam*\n"
        "\n"
        "Jember - Personel Sabhara berpatroli. Situasi aman.\n"
        "\n"
        "https://humas.example/r/42/\n"
        "\n"
        "Polres Jember"
    )


def test_message_without_dateline_lead_body_text_or_tags(unit):
    article = ArticleFactory(unit=unit, title="Foto Kegiatan", lead="", dateline="", body="<p></p>")
    assert whatsapp.message(article, URL) == "*Foto Kegiatan*\n\n" + URL + "\n\nPolres Jember"


def test_formatting_marks_in_the_title_do_not_break_the_bold(unit):
    article = ArticleFactory(unit=unit, title="*Breaking* _Polres_ ~Jember~ `x`", lead="L.")
    assert whatsapp.message(article, URL).startswith("*Breaking Polres Jember x*\n")


def test_a_long_release_fits_in_the_preview_length_with_its_link_whole(unit):
    article = ArticleFactory(
        unit=unit,
        title="Judul " * 45,
        lead="Kalimat pembuka yang panjang sekali. " * 60,
        tags=[f"tag panjang nomor {n}" for n in range(12)],
    )
    text = whatsapp.message(article, URL)
    assert len(text) <= whatsapp.MAX_LENGTH
    assert URL in text and text.endswith("#TagPanjangNomor2")
    assert text.count("#") == whatsapp.MAX_HASHTAGS
    lead = text.split("\n\n")[1]
    assert lead.endswith("…") and len(lead) > 100


@pytest.mark.parametrize(
    "name, expected",
    [
        ("curanmor", "#curanmor"),
        ("pilkada 2024", "#Pilkada2024"),
        ("Operasi Ketupat-Semeru", "#OperasiKetupatSemeru"),
        ("narkoba_2025", "#Narkoba2025"),
        ("lalu lintas", "#LaluLintas"),
        ("Sat Lantas!", "#SatLantas"),
        ("kamtibmas 🚓", "#kamtibmas"),
        ("ʻĀina", "#ʻĀina"),
        ("---", ""),
    ],
)
def test_hashtags_from_tag_names(name, expected):
    assert whatsapp.hashtag(name) == expected


def test_hashtags_differing_only_in_case_or_punctuation_appear_once(unit):
    article = ArticleFactory(unit=unit, title="T", lead="L", tags=["Jember", "jember!", "---"])
    assert whatsapp.message(article, URL).endswith("\nPolres Jember\n#Jember")
