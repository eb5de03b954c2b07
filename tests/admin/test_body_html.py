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
