"""The office's identity, set in the admin and shown on every public page."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from office.models import Office
from tests.factories import ArticleFactory, UnitFactory

pytestmark = pytest.mark.django_db


def png(size=(200, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_before_an_office_is_set_pages_use_neutral_defaults(client):
    page = client.get("/").content.decode()
    assert "Rilis Humas" in page


def test_the_office_name_description_and_contacts_show_on_public_pages(client):
    unit = UnitFactory(name="Polres Kukar", slug="polres-kukar")
    Office.objects.create(
        name="Humas Polres Kukar",
        description="Kabar resmi dari Tenggarong",
        unit=unit,
        phone="0541 661110",
        email="humas@kukar.example",
        instagram="https://instagram.com/humaspolreskukar",
    )
    article = ArticleFactory(unit=unit)
    for address in ("/", article.get_absolute_url(), "/tidak-ada/"):
        page = client.get(address).content.decode()
        assert "Humas Polres Kukar" in page, address
        assert "Kabar resmi dari Tenggarong" in page, address
        assert 'href="mailto:humas@kukar.example"' in page, address
        assert 'href="https://instagram.com/humaspolreskukar"' in page, address
        assert "Rilis Humas" not in page, address
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:site_name" content="Humas Polres Kukar">' in page


def test_an_english_visitor_sees_the_office_name_as_the_office_wrote_it(client):
    Office.objects.create(name="Humas Polres Jember")
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "Humas Polres Jember" in page and "Police Press Releases" not in page


def test_a_changed_name_shows_at_once_on_cached_pages(client, committed):
    with committed():
        Office.objects.create(name="Humas Polres Jember")
    assert "Humas Polres Jember" in client.get("/").content.decode()
    office = Office.objects.get()
    office.name = "Humas Polres Situbondo"
    with committed():
        office.save()
    assert "Humas Polres Situbondo" in client.get("/").content.decode()


def test_the_logo_is_the_json_ld_publisher_logo_and_the_header_image(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/office/office/add/",
        {"name": "Humas Polres Jember", "description": "Rilis resmi", "logo": png()},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    office = Office.objects.get()
    assert office.logo.name.startswith("kantor/logo-") and office.logo.name.endswith(".png")
    client.logout()
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data[0]["publisher"]["logo"]["url"] == f"http://testserver{office.logo.url}"
    assert f'<img class="brand-logo" src="{office.logo.url}"' in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"not an image"), "Unggah gambar yang valid"),
        (png((60, 60)), "Logo terlalu kecil"),
    ],
)
def test_a_bad_logo_is_refused_with_the_reason_and_the_rest_kept(client, editor, upload, message):
    client.force_login(editor)
    response = client.post(
        "/admin/office/office/add/", {"name": "Humas Polres Jember", "logo": upload}
    )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["logo"])
    assert 'value="Humas Polres Jember"' in response.content.decode()
    assert not Office.objects.exists()


def test_there_is_one_office_and_its_list_opens_its_form(client, editor):
    client.force_login(editor)
    assert client.get("/admin/office/office/").url == "/admin/office/office/add/"
    Office.objects.create(name="Humas Polres Jember")
    assert client.get("/admin/office/office/").url == "/admin/office/office/1/change/"
    assert client.get("/admin/office/office/add/").status_code == 403
    again = Office(name="Humas lain")
    again.save()
    assert Office.objects.count() == 1


def test_reporters_cannot_change_the_office(client, reporter):
    client.force_login(reporter)
    assert client.get("/admin/office/office/add/").status_code == 403


def test_the_fixture_gives_the_seed_unit_office(client):
    from django.core.management import call_command

    call_command("loaddata", "units", "office", verbosity=0)
    office = Office.objects.get()
    assert office.name == "Humas Polres Jember" and office.unit.slug == "polres-jember"
