"""Photo uploads through the release form."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests import imagedata

from .test_admin import ADD_URL, change_url, form_data

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"releases/[0-9a-f]{2}/[0-9a-f]{32}\.jpg")


def test_photo_with_a_long_file_name_is_accepted_under_a_short_random_name(client, editor, unit):
    client.force_login(editor)
    client.post(ADD_URL, form_data(unit=unit.pk, publisher=True))
    article = Article.objects.get()
    long_name = "foto-" + "kapolres-jember-meninjau-pos-pengamanan-" * 5
    long_name = long_name[:176] + ".jpg"
    assert len(long_name) == 180
    photo = SimpleUploadedFile(long_name, imagedata.jpeg_bytes(size=(800, 450)))
    response = client.post(
        change_url(article),
        form_data(article, publisher=True, image=photo, image_alt="Kapolres meninjau pos"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert STORED_NAME.fullmatch(article.image.name), article.image.name
    assert default_storage.exists(article.image.name)
    assert (article.image_width, article.image_height) == (800, 450)
