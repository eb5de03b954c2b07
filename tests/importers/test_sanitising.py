"""Bodies with a raw-text element that never ends: imported whole, for review, with a note."""

import json

import pytest

from articles.models import Article
from tests.test_html import RAW_TEXT

from .test_wxr import HEAD

pytestmark = pytest.mark.django_db

RECORD = {
    "title": "Operasi Zebra Semeru",
    "published_at": "2024-09-06T08:00:00+07:00",
    "unit": "polres-jember",
}


def jsonl(*bodies):
    return "".join(
        json.dumps({**RECORD, "title": f"Rilis {n}", "body": body}) + "\n"
        for n, body in enumerate(bodies, 1)
    )


@pytest.mark.parametrize("name", RAW_TEXT)
def test_an_unclosed_raw_text_element_keeps_the_body_and_holds_it_for_review(
    units, run_import, write, name
):
    body = f"<p>Awal.</p>\n<p>Lalu <{name.upper()} class='x'>kutipan</p>\n<p>Akhir penting.</p>"
    path = write("r.jsonl", jsonl(body))
    result = run_import(path)
    assert not result.failed, result.err
    assert (
        f"Catatan: {path}, baris 1: perlu dicek: isi: tag <{name}> di baris 2 tidak pernah ditutup; tag itu "
        "dibuang dan teks sesudahnya dipertahankan; diimpor untuk ditinjau editor, tidak "
        "diterbitkan"
    ) in result.out
    (article,) = Article.objects.all()
    assert article.body == "<p>Awal.</p>\n<p>Lalu kutipan</p>\n<p>Akhir penting.</p>"
    assert article.status == Article.Status.REVIEW


@pytest.mark.parametrize("name", [name for name in RAW_TEXT if name != "plaintext"])
def test_a_closed_raw_text_element_is_dropped_and_the_release_published(
    units, run_import, write, name
):
    body = f"<p>Awal <{name} id=a>buang</{name.title()}> tengah.</p><p>Akhir.</p>"
    result = run_import(write("r.jsonl", jsonl(body)))
    assert "Catatan" not in result.out
    (article,) = Article.objects.all()
    assert "buang" not in article.body and "Akhir." in article.body
    assert article.status == Article.Status.PUBLISHED


def test_an_unclosed_style_in_a_text_file_and_a_wxr_item_is_kept_for_review(
    units, run_import, write
):
    text = (
        "Razia Knalpot Brong\n\n30/08/2024\n\nJember - Satlantas menindak pengendara.\n\n"
        "<style>.x{color:red}\n\nSebanyak 12 motor diamankan. (AR)\n"
    )
    xml = (
        HEAD + "<item><title>Patroli Malam</title><link>https://x.example.id/?p=1</link>"
        "<content:encoded><![CDATA[<p>Patroli digelar.</p><script>var a;<p>Warga aman.</p>]]>"
        "</content:encoded><wp:post_date_gmt>2024-09-01 13:30:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    result = run_import(write("a.txt", text), write("wp.xml", xml))
    assert not result.failed, result.err
    assert "a.txt: perlu dicek: isi: tag <style> di baris 2 tidak pernah ditutup" in result.out
    assert (
        "wp.xml, butir 1: perlu dicek: isi: tag <script> di baris 1 tidak pernah ditutup"
        in result.out
    )
    text_release = Article.objects.get(title="Razia Knalpot Brong")
    assert "Sebanyak 12 motor diamankan." in text_release.body
    assert Article.objects.get(title="Patroli Malam").body == (
        "<p>Patroli digelar.</p>var a;<p>Warga aman.</p>"
    )
    assert not Article.objects.published().exists()


def test_an_unclosed_element_in_a_draft_import_stays_a_draft(units, run_import, write):
    result = run_import(write("r.jsonl", jsonl("<p>A<title>B</p>")), status="draft")
    assert (
        "tag <title> di baris 1 tidak pernah ditutup; tag itu dibuang dan teks sesudahnya dipertahankan\n"
        in result.out
    )
    assert Article.objects.get().status == Article.Status.DRAFT
