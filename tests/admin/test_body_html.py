"""The release form refuses a body whose raw-text element never ends, keeping the editor's text."""

import pytest

from articles.html import html_to_text
from articles.models import Article
from tests.test_html import RAW_TEXT

from .test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", RAW_TEXT)
def test_an_unclosed_raw_text_element_is_refused_naming_it_and_the_text_stays(
    client, editor, unit, name
):
    client.force_login(editor)
    body = f"<p>Awal.</p>\n<p>Salinan <{name.title()} type='x'>web</p>\n<p>Akhir penting.</p>"
    response = client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, body=body))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["body"] == [
        f"Tag “<{name}>” di baris 2 tidak pernah ditutup dengan “</{name}>”, sehingga semua "
        "teks sesudahnya akan hilang. Tutup atau hapus tag itu."
    ]
    assert form["body"].value() == body
    assert not Article.objects.exists()


def test_an_unclosed_comment_is_refused_too(client, editor, unit):
    client.force_login(editor)
    body = "<p>Awal.</p><!-- catatan <p>Akhir penting.</p>"
    response = client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, body=body))
    (error,) = response.context["adminform"].form.errors["body"]
    assert error.startswith("Komentar HTML “<!--” di baris 1 tidak pernah ditutup dengan “-->”")


@pytest.mark.parametrize("name", [name for name in RAW_TEXT if name != "plaintext"])
def test_a_closed_raw_text_element_is_saved_without_it(client, editor, unit, name):
    client.force_login(editor)
    body = f"<p>Awal <{name.upper()}>buang</{name}> tengah.</p><p>Akhir.</p>"
    response = client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, body=body))
    assert response.status_code == 302
    saved = Article.objects.get().body
    assert "buang" not in saved and html_to_text(saved) == "Awal tengah. Akhir."


# What Word puts on the clipboard: classes, styles, conditional comments and o:p elements.
WORD_PASTE = (
    "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->"
    '<p class="MsoNormal" style="margin:0">Barang bukti yang diamankan:<o:p></o:p></p>'
    '<table class="MsoTableGrid" border="1" style="border-collapse:collapse">'
    '<thead><tr><th style="width:40px">No</th><th>Barang</th><th>Jumlah</th></tr></thead>'
    '<tbody><tr><td>1</td><td><p class="MsoNormal">Sepeda motor</p></td><td>2 unit</td></tr>'
    '<tr><td>2</td><td colspan="2" width="300">Kunci T</td></tr></tbody></table>'
    '<ol><li class="MsoListParagraph">Pelaku ditahan</li><li>Diperiksa</li></ol>'
)


def test_a_table_pasted_from_word_is_kept_as_a_table_with_paragraphs_and_lists(
    client, editor, unit
):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(unit=unit.pk, publisher=True, body=WORD_PASTE))
    assert response.status_code == 302
    body = Article.objects.get().body
    assert body == (
        "<p>Barang bukti yang diamankan:</p>"
        "<table><thead><tr><th>No</th><th>Barang</th><th>Jumlah</th></tr></thead>"
        "<tbody><tr><td>1</td><td><p>Sepeda motor</p></td><td>2 unit</td></tr>"
        '<tr><td>2</td><td colspan="2">Kunci T</td></tr></tbody></table>'
        "<ol><li>Pelaku ditahan</li><li>Diperiksa</li></ol>"
    )
    assert "Sepeda motor" in html_to_text(body)
