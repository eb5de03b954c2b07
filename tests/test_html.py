"""articles.html: sanitising HTML, and reading its text for summaries, feeds and hashes."""

from articles.html import clean_html, html_to_text, summary
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
