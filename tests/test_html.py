"""articles.html: sanitising HTML, and reading its text for summaries, feeds and hashes."""

import pytest

from articles.html import clean_html, find_unclosed, html_to_text, summary
from articles.models import Article


def article(**fields):
    return Article(**{"title": "Judul", "body": "<p>Isi.</p>", **fields})


def test_html_to_text_decodes_entities_and_squeezes_spaces():
    assert html_to_text("<p>Polisi &amp; warga</p>\n<p>bersama&nbsp;&quot;aman&quot;</p>") == (
        'Polisi & warga bersama "aman"'
    )


def test_summary_prefers_the_lead_and_cuts_the_body():
    assert summary(article(lead="Ringkas.")) == "Ringkas."
    assert summary(article(body="<p>" + "kata " * 50 + "</p>"), 3) == "kata kata kata…"


def test_summary_of_a_long_body_reads_only_its_start():
    body = "<p>" + "awal " * 20 + "</p>" + "<p>" + "lanjutan " * 2000 + "</p>"
    assert summary(article(body=body), 5) == "awal awal awal awal awal…"
    assert summary(article(body="<p>" + "kata " * 400 + "</p>"), 1000).endswith("kata…")


def test_html_to_text_keeps_words_apart_across_paragraphs_but_not_inside_inline_tags():
    assert html_to_text("<p>Satu</p><p>Dua <b>Ti</b>ga<br>Empat</p>") == "Satu Dua Tiga Empat"
    assert html_to_text("<p>Potongan <a href='x'") == "Potongan"


def test_clean_html_keeps_release_formatting_and_drops_scripts_and_unsafe_links():
    cleaned = clean_html(
        '<p onclick="x()">Isi <strong>tebal</strong><script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">a</a><a href="https://polri.go.id">b</a><img src=x>'
    )
    assert "<p>Isi <strong>tebal</strong></p>" in cleaned
    assert "script" not in cleaned and "onclick" not in cleaned and "<img" not in cleaned
    assert "javascript:" not in cleaned
    assert (
        'href="https://polri.go.id"' in cleaned and 'rel="noopener noreferrer nofollow"' in cleaned
    )


# Raw-text elements: the parser reads all after their start tag as their content, to the end tag


# The raw-text elements of the HTML standard, written out here (not imported from the code)
# so a test notices one the sanitiser forgets; the admin and importer tests use this list too.
RAW_TEXT = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
]


def spellings(name):
    return [f"<{name}>", f"<{name.upper()}>", f"<{name[0].upper()}{name[1:]}>", f'<{name} id="a">']


@pytest.mark.parametrize("name", RAW_TEXT)
def test_an_unclosed_raw_text_element_loses_its_tag_and_keeps_the_text_after_it(name):
    for start in spellings(name):
        html = f"<p>Awal rilis.</p>\n<p>Kutipan {start}isi</p>\n<p>Akhir <b>rilis</b>.</p>"
        unclosed = find_unclosed(html)
        assert (unclosed.name, unclosed.line, unclosed.tag) == (name, 2, f"<{name}>")
        assert html[unclosed.start : unclosed.end] == start
        assert clean_html(html) == (
            "<p>Awal rilis.</p>\n<p>Kutipan isi</p>\n<p>Akhir <b>rilis</b>.</p>"
        )


@pytest.mark.parametrize("name", [name for name in RAW_TEXT if name != "plaintext"])
def test_a_closed_raw_text_element_goes_with_its_content_and_the_rest_stays(name):
    for start in spellings(name):
        end = f"</{start[1:].split()[0].rstrip('>')}>"
        html = f"<p>Awal {start}<p>tersembunyi</p>{end} tengah</p><p>Akhir.</p>"
        assert find_unclosed(html) is None
        cleaned = clean_html(html)
        assert "tersembunyi" not in cleaned and name not in cleaned.lower()
        # <xmp> is a block: it closes the paragraph, as in a browser.
        assert html_to_text(cleaned) == "Awal tengah Akhir."


def test_a_raw_text_tag_in_an_attribute_a_comment_or_a_script_is_no_element():
    html = (
        "<a title='x><style>'>t</a><!-- <script> --><script>var s = '<textarea>';</script >"
        '<p class="x><xmp>">Akhir.</p>'
    )
    assert find_unclosed(html) is None
    assert clean_html(html).endswith("<p>Akhir.</p>")


def test_an_unclosed_comment_keeps_the_text_after_it():
    html = "<p>Awal.</p>\n<!-- catatan <p>Akhir.</p>"
    assert find_unclosed(html).tag == "<!--"
    assert clean_html(html) == "<p>Awal.</p>\n catatan <p>Akhir.</p>"


def test_several_unclosed_elements_all_keep_their_text():
    assert clean_html("<p>a<style>b<script>c<title>d</p>") == "<p>abcd</p>"


def test_plaintext_never_ends_even_with_an_end_tag():
    html = "<p>a</p><plaintext>b</plaintext><p>c</p>"
    assert find_unclosed(html).name == "plaintext"
    assert "c" in html_to_text(clean_html(html))
