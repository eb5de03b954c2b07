"""Photos on S3-compatible storage (moto's server), chosen by settings alone."""

import re
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Photo
from screening.checks import check_article
from tests import imagedata
from tests.services import s3_server

from .test_admin import ADD_URL, change_url, form_data, photo_rows
from .test_uploads import UPLOAD_URL

pytestmark = pytest.mark.django_db
BUCKET = "humas-media"


@pytest.fixture(scope="module")
def s3():
    with s3_server(BUCKET) as found:
        yield found


@pytest.fixture
def s3_media(settings, s3):
    """The settings newsroom/settings.py makes from AWS_STORAGE_BUCKET_NAME and the others."""
    endpoint, client = s3
    domain = f"{endpoint.removeprefix('http://')}/{BUCKET}"  # a CDN in front, here moto itself
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_CUSTOM_DOMAIN = domain
    settings.AWS_S3_URL_PROTOCOL = "http:"
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    return f"http://{domain}/", client


def test_uploaded_photo_and_renditions_go_to_the_bucket_and_pages_link_there(
    client, editor, unit, s3_media, media_root
):
    base, s3 = s3_media
    client.force_login(editor)
    client.post(ADD_URL, form_data(unit=unit.pk, publisher=True))
    article = Article.objects.get()
    answer = client.post(
        UPLOAD_URL,
        {"image": SimpleUploadedFile("foto.jpg", imagedata.jpeg_bytes(size=(1600, 900)))},
    )
    assert answer.status_code == 201, answer.content
    uploaded = Photo.objects.get(pk=answer.json()["id"])

    response = client.post(
        change_url(article),
        form_data(
            article, publisher=True, **photo_rows(article, [(uploaded, "Kapolres meninjau pos")])
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    # Published once the editor confirmed the pre-publication check's photo reminder.
    confirmations = {
        f"screening-{finding.key}": "tanpa_wajah" for finding in check_article(article)
    }
    response = client.post(
        change_url(article),
        form_data(
            article,
            publisher=True,
            status="published",
            published_at_0="2024-08-30",
            published_at_1="15:54:00",
            **confirmations,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == "published"
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    photo = article.main_photo
    assert photo == uploaded
    assert photo.image.name in keys
    for rendition in photo.renditions.values():
        assert {rendition["jpeg"], rendition["webp"]} <= keys
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))

    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    addresses = set(re.findall(r'(?:src|srcset|content)="([^" ]+)', page))
    photo_addresses = {a for a in addresses if photo.image.name.removesuffix(".jpg") in a}
    assert photo_addresses, "the page shows the photo"
    assert all(a.startswith(base) for a in photo_addresses), photo_addresses
    assert all("Signature" not in a and "?" not in a for a in photo_addresses)
    # Anyone can load it from there, as a visitor's browser does.
    thumb = next(a for a in photo_addresses if a.endswith(".webp") or a.endswith(".jpg"))
    with urllib.request.urlopen(thumb) as served:
        assert served.status == 200
        assert served.read()[:4] in (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb", b"RIFF")
