"""Title and paragraph rules of the text importer, checked on generated pages (hypothesis)."""

import re
import textwrap

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from articles.importers.base import ImportFailure
from articles.importers.text import is_headline, is_rubric, parse_text

WORDS = [
    "polsek", "polres", "patroli", "warga", "pasar", "gelar", "amankan", "pelaku", "sepeda",
    "motor", "bantuan", "sosial", "kegiatan", "desa", "kecamatan", "personel", "jalan", "malam",
    "pagi", "santri", "pelajar", "helm", "razia", "banjir", "sembako", "narkoba", "sosialisasi",
]  # fmt: skip
PLACES = ["Jember", "Ajung", "Kaliwates", "Patrang", "Ambulu", "Puger", "Kencong"]

word = st.sampled_from(WORDS)
# A headline: four to twelve capitalised words, no final full stop.
headlines = st.lists(
    st.one_of(word.map(str.capitalize), st.sampled_from(PLACES)), min_size=4, max_size=12
).map(" ".join)
sentences = st.lists(word, min_size=6, max_size=16).map(lambda w: " ".join(w).capitalize() + ".")
paragraph = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
# What portals put above or under a title.
rubrics = st.sampled_from(
    [
        "Polri",
        "Jember",
        "Berita",
        "Kamtibmas",
        "Berita |",
        "Home » Berita » Jember",
        "Hukum & Kriminal",
        "TIMES JEMBER",
        "jember.polres.id",
        "Berita | Jember | Kamtibmas",
        "Radio Suara Jember 98.5 FM",
        "REGIONAL",
        "#PolresJember #Humas",
    ]  # fmt: skip
)
headers = st.sampled_from(
    [
        "Selasa 24-09-2024,22:29 WIB",
        "Reporter : Dwi Susanto / Editor : Irfan Anshori",
        "Penulis Siswandi",
        "Pewarta | Agus Salim | Editor | Budi Santoso",
        "30/08/2024",
        "Siswandi - [JEMBER.POLRES.ID](http://JEMBER.POLRES.ID)",
        "Editor : Ahmad Penulis : Rina",
        "Minggu, 2 Juni 2024",
    ]  # fmt: skip
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(rubrics, max_size=3),
    headlines,
    st.lists(headers, max_size=3),
    st.sampled_from(["Jember - ", "JEMBER | PORTAL.ID – ", "Jember, PORTAL.CO.ID – ", ""]),
    st.lists(paragraph, min_size=1, max_size=4),
    st.sampled_from(["\n", "\n\n"]),
)
def test_the_headline_is_the_title_whatever_surrounds_it(
    above, headline, under, dateline, body, newline
):
    page = newline.join(
        [*above, headline, *under, dateline + body[0] + " Sabtu (16/11/2024).", *body[1:]]
    )
    release = parse_text(page.encode(), "rilis.txt")
    assert release.title == headline
    assert release.doubts == []
    for line in above:
        assert line not in release.body


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(rubrics, headers), max_size=4),
    st.lists(paragraph, min_size=1, max_size=4),
)
def test_a_page_without_a_headline_never_gets_a_title_without_a_doubt(lines, body):
    """Rubrics, portal names, dates, bylines and paragraphs are never a silent title."""
    page = "\n".join([*lines, "Jember - " + body[0] + " Sabtu (16/11/2024).", *body[1:]])
    try:
        release = parse_text(page.encode(), "rilis.txt")
    except ImportFailure as failure:
        assert re.search(r"tidak ada judul|terlalu panjang untuk judul|tidak ada isi", str(failure))
    else:
        assert release.doubts, release.title


@pytest.mark.parametrize(
    "line",
    ["Polri", "Jember", "Berita", "Kamtibmas", "Nasional |", "Berita | Jember", "Home › Berita"],
)
def test_rubric_lines_are_rubrics_and_never_headlines(line):
    assert is_rubric(line)


@pytest.mark.parametrize(
    "line, following",
    [
        ("TIMES JEMBER, JEMBER – Kapolres Jember memimpin apel gelar pasukan pagi ini", []),
        ("Polsek Ajung menggelar patroli di pasar. Warga menyambut baik kegiatan itu", []),
        ("Polsek Ajung Gelar Patroli Pasar.", []),
        ("Kegiatan berlangsung aman dan lancar hingga selesai. (AR)", []),
        (
            "Polsek Ajung menggelar patroli",
            ["Polsek Ajung menggelar patroli di pasar pada pagi hari."],
        ),
    ],
)
def test_datelines_paragraphs_sentences_and_the_leads_opening_are_not_headlines(line, following):
    assert not is_headline(line, following)


def paragraphs(html):
    return re.findall(r"<p>(.*?)</p>", html)


@settings(max_examples=100, deadline=None)
@given(st.lists(paragraph, min_size=2, max_size=6), st.integers(55, 100))
def test_wrapped_lines_are_joined_and_paragraph_breaks_kept(body, width):
    """A text wrapped at a fixed width, paragraphs on single newlines: the paragraphs come back.

    A paragraph whose last line fills the width cannot be told from a wrapped
    line: such pages are left out (assume).
    """
    assume(len(set(body)) == len(body))  # a paragraph repeated is dropped as a copy artefact
    wrapped = [textwrap.wrap(text, width) for text in body]
    assume(all(len(lines[-1]) < width - 20 for lines in wrapped[:-1]))
    every_line = [line for lines in wrapped for line in lines]
    assume(len(set(every_line)) == len(every_line))
    assume(any(len(lines) > 1 for lines in wrapped))
    # Wrapping shows only where a line ends mid-sentence; a page whose every line ends a
    # sentence reads as one paragraph per line (the next test), as a person would read it.
    assume(any(not line.endswith(".") for line in every_line))
    page = "Polsek Ajung Gelar Patroli Pasar Malam\n\nSabtu, 16 November 2024\n\n"
    page += "\n".join(line for lines in wrapped for line in lines)
    release = parse_text(page.encode(), "rilis.txt")
    assert paragraphs(release.body) == body


@settings(max_examples=100, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=6))
def test_one_line_per_paragraph_gives_one_paragraph_per_line(body):
    assume(len(set(body)) == len(body))
    page = "Polsek Ajung Gelar Patroli Pasar Malam\n\nSabtu, 16 November 2024\n\n" + "\n".join(body)
    assert paragraphs(parse_text(page.encode(), "rilis.txt").body) == body


@pytest.mark.parametrize(
    "line",
    [
        "Polsek Ajung Gelar Patroli di Kec. Ajung",
        "Kapolres Pimpin Apel di Jln. Sudarman",
        "Awas! Penipuan Berkedok Undian Marak di Jember",
        "Mudik Aman, Apa Saja yang Perlu Disiapkan?",
    ],
)
def test_abbreviations_and_exclamations_keep_a_headline_a_headline(line):
    assert is_headline(line, [])
