"""Photos uploaded on their own, then referred to by the release form."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles import images
from articles.models import Article, Photo
from articles.photos import add_photo, remove_unattached
from tests import imagedata
from tests.factories import ArticleFactory

from .test_admin import ADD_URL, change_url, form_data, photo_rows

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/articles/article/foto/unggah/"
STORED_NAME = re.compile(r"releases/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp)")


def upload(client, data=None, name="foto.jpg", **extra):
    data = imagedata.jpeg_bytes(size=(800, 450)) if data is None else data
    return client.post(UPLOAD_URL, {"image": SimpleUploadedFile(name, data)}, **extra)


def uploaded(client, **kwargs):
    response = upload(client, **kwargs)
    assert response.status_code == 201, response.content
    return Photo.objects.get(pk=response.json()["id"])


def stored_files():
    """Return every file name under the media root."""
    names, folders = set(), [""]
    while folders:
        folder = folders.pop()
        subfolders, files = (
            default_storage.listdir(folder) if default_storage.exists(folder or ".") else ([], [])
        )
        folders += [f"{folder}/{sub}".lstrip("/") for sub in subfolders]
        names |= {f"{folder}/{name}".lstrip("/") for name in files}
    return names


# The upload endpoint


def test_upload_stores_a_clean_photo_with_size_and_renditions(client, reporter):
    client.force_login(reporter)
    long_name = ("kapolres-jember-meninjau-pos-pengamanan-lokasi-rahasia-" * 4)[:176] + ".jpg"
    response = upload(client, imagedata.jpeg_bytes(size=(1600, 900)), name=long_name)
    assert response.status_code == 201
    answer = response.json()
    photo = Photo.objects.get(pk=answer["id"])
    assert photo.article is None and photo.uploaded_by == reporter
    assert STORED_NAME.fullmatch(photo.image.name), photo.image.name
    assert (photo.width, photo.height) == (answer["width"], answer["height"]) == (1600, 900)
    # The size in the database is the stored file's: feeds use it without asking the storage.
    assert photo.file_size == answer["file_size"] == default_storage.size(photo.image.name)
    with default_storage.open(photo.image.name) as stored:
        assert b"KameraRahasia" not in stored.read()
    assert set(photo.renditions) == {"thumb", "article", "social"}
    assert answer["thumb"] == default_storage.url(photo.renditions["thumb"]["jpeg"])


@pytest.mark.parametrize(
    "data, message",
    [
        (imagedata.SVG, "JPEG, PNG atau WebP"),
        (imagedata.PDF, "JPEG, PNG atau WebP"),
        (imagedata.jpeg_bytes(size=(300, 300))[:-400], "rusak atau tidak lengkap"),
        (imagedata.jpeg_bytes() + b"PK\x03\x04zipped payload", "data lain selain gambar"),
        (b"", "JPEG, PNG atau WebP"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(client, editor, data, message):
    client.force_login(editor)
    before = stored_files()
    response = upload(client, data, name="kiriman.jpg")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert "kiriman.jpg" in response.json()["error"]  # which file, when several were chosen
    assert not Photo.objects.exists()
    assert stored_files() == before


def test_too_large_and_too_many_pixels_are_refused(client, editor, monkeypatch):
    client.force_login(editor)
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    response = upload(client, imagedata.jpeg_bytes(size=(200, 100)))
    assert response.status_code == 400 and "megapiksel" in response.json()["error"]
    monkeypatch.setattr(images, "MAX_BYTES", 500)
    response = upload(client, imagedata.jpeg_bytes(size=(200, 100)))
    assert response.status_code == 400 and "terlalu besar" in response.json()["error"]
    assert not Photo.objects.exists()


def test_upload_without_a_file_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {})
    assert response.status_code == 400
    assert "Tidak ada berkas foto" in response.json()["error"]


def test_only_staff_who_write_releases_may_upload(client, db):
    response = upload(client)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    staff = User.objects.create_user("tamu", is_staff=True)
    client.force_login(staff)
    assert upload(client).status_code == 403
    assert client.get(UPLOAD_URL).status_code == 405
    assert not Photo.objects.exists()


def test_upload_needs_the_csrf_token(reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert upload(client).status_code == 403
    client.get(ADD_URL)  # sets the CSRF cookie, as opening the form does
    token = client.cookies["csrftoken"].value
    assert upload(client, headers={"X-CSRFToken": token}).status_code == 201


# The release form refers to stored photos


def test_photo_survives_a_refused_add_form_and_is_attached_on_the_next_save(client, reporter, unit):
    client.force_login(reporter)
    photo = uploaded(client)
    data = form_data(unit=unit.pk, authors=[reporter.author.pk], title="")
    data.update(photo_rows(new=[(photo, "Kapolsek memberi keterangan")]))
    response = client.post(ADD_URL, data)
    assert response.status_code == 200  # refused: no title
    html = response.text
    # The refused form still shows the photo and still refers to it.
    assert f'name="photos-0-upload" value="{photo.pk}"' in html
    assert default_storage.url(photo.renditions["thumb"]["jpeg"]) in html
    assert "Kapolsek memberi keterangan" in html
    photo.refresh_from_db()
    assert photo.article is None

    data["title"] = "Polsek Kaliwates Bagikan Masker"
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    photo.refresh_from_db()
    assert photo.article == article and photo.alt_text == "Kapolsek memberi keterangan"
    assert article.main_photo == photo


def test_photo_survives_a_stale_save(client, editor, editor2, unit):
    article = ArticleFactory(unit=unit)
    client.force_login(editor)
    opened = form_data(article, publisher=True)
    other = Client()
    other.force_login(editor2)
    assert (
        other.post(change_url(article), form_data(article, publisher=True, lead="Lain")).status_code
        == 302
    )
    photo = uploaded(client)
    opened.update(photo_rows(article, new=[(photo, "Barang bukti")]))
    response = client.post(change_url(article), opened)
    assert response.status_code == 200
    assert "sudah diubah orang lain" in response.text
    assert f'value="{photo.pk}"' in response.text
    assert default_storage.url(photo.renditions["thumb"]["jpeg"]) in response.text
    assert not article.photos.exists()


def test_form_cannot_take_another_users_upload(client, reporter, other_reporter, unit):
    client.force_login(other_reporter)
    theirs = uploaded(client)
    client.force_login(reporter)
    data = form_data(unit=unit.pk, authors=[reporter.author.pk])
    data.update(photo_rows(new=[(theirs, "Foto orang lain")]))
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "bukan unggahan Anda" in response.text
    theirs.refresh_from_db()
    assert theirs.article is None and not Article.objects.exists()


def test_form_cannot_take_a_photo_of_another_release(client, editor, unit):
    # A draft: publishing would first ask to confirm the faces in the new photo.
    elsewhere = ArticleFactory(unit=unit, status=Article.Status.DRAFT, published_at=None)
    client.force_login(editor)
    photo = uploaded(client)
    client.post(
        change_url(elsewhere),
        form_data(elsewhere, publisher=True)
        | photo_rows(elsewhere, new=[(photo, "Di rilis lain")]),
    )
    photo.refresh_from_db()
    assert photo.article == elsewhere
    article = ArticleFactory(unit=unit)
    data = form_data(article, publisher=True) | photo_rows(article, new=[(photo, "Dicuri")])
    response = client.post(change_url(article), data)
    assert response.status_code == 200 and "bukan unggahan Anda" in response.text
    photo.refresh_from_db()
    assert photo.article == elsewhere


def test_alt_text_is_required_for_each_photo(client, editor, unit):
    client.force_login(editor)
    photo = uploaded(client)
    data = form_data(unit=unit.pk, publisher=True) | photo_rows(new=[(photo, "  ")])
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Tulis teks alternatif" in response.text
    assert not Article.objects.exists()


def test_several_photos_keep_their_order_and_the_first_is_the_main_one(client, editor, unit):
    client.force_login(editor)
    first, second, third = (uploaded(client) for _ in range(3))
    data = form_data(unit=unit.pk, publisher=True) | photo_rows(
        new=[(first, "Satu"), (second, "Dua"), (third, "Tiga")]
    )
    # The editor moved the third photo to the front.
    data["photos-2-order"] = "0"
    data["photos-0-order"] = "1"
    data["photos-1-order"] = "2"
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert [p.alt_text for p in article.photos.all()] == ["Tiga", "Satu", "Dua"]
    assert [p.order for p in article.photos.all()] == [0, 1, 2]
    assert article.main_photo == third

    # Removing the main photo makes the next one main; its files stay for older revisions.
    data = form_data(article, publisher=True)
    data["photos-0-DELETE"] = "on"
    assert client.post(change_url(article), data).status_code == 302
    assert [p.alt_text for p in article.photos.all()] == ["Satu", "Dua"]
    assert [p.order for p in article.photos.all()] == [0, 1]  # renumbered, no gap
    assert article.main_photo == first
    assert default_storage.exists(third.image.name)


def test_release_list_shows_the_main_photos_thumbnail(client, editor, unit):
    client.force_login(editor)
    photo = uploaded(client)
    client.post(
        ADD_URL, form_data(unit=unit.pk, publisher=True) | photo_rows(new=[(photo, "Foto")])
    )
    html = client.get("/admin/articles/article/").text
    assert default_storage.url(photo.renditions["thumb"]["jpeg"]) in html


def test_form_shows_the_current_photo_as_a_thumbnail_not_a_path(client, editor, unit):
    article = ArticleFactory(unit=unit)
    add_photo(article, imagedata.jpeg_bytes(size=(640, 360)), alt_text="Apel pagi")
    client.force_login(editor)
    html = client.get(change_url(article)).text
    photo = article.main_photo
    assert f'src="{default_storage.url(photo.renditions["thumb"]["jpeg"])}"' in html
    assert f">{photo.image.name}<" not in html and "Currently" not in html


# Attaching from code (importers) and removing what was never attached


def test_add_photo_attaches_a_checked_photo_last(unit):
    article = ArticleFactory(unit=unit)
    first = add_photo(article, imagedata.jpeg_bytes(), alt_text="Satu")
    second = add_photo(article, imagedata.png_bytes(), caption="Dua", credit="Humas")
    assert [first.order, second.order] == [0, 1]
    assert article.main_photo == first
    assert second.file_size == default_storage.size(second.image.name)
    with pytest.raises(ValidationError):
        add_photo(article, imagedata.SVG)
    assert article.photos.count() == 2


def test_unattached_uploads_are_removed_after_a_day_with_their_files(client, editor, unit):
    client.force_login(editor)
    old, young, attached = uploaded(client), uploaded(client), uploaded(client)
    attached.article = ArticleFactory(unit=unit)
    attached.save()
    long_ago = timezone.now() - datetime.timedelta(days=2)
    Photo.objects.filter(pk__in=[old.pk, attached.pk]).update(created_at=long_ago)
    old_files = old.stored_names()
    assert len(old_files) == 7 and all(default_storage.exists(n) for n in old_files)

    call_command("clean_photos", stdout=(out := __import__("io").StringIO()))
    assert "1 unggahan foto" in out.getvalue()
    assert set(Photo.objects.values_list("pk", flat=True)) == {young.pk, attached.pk}
    assert not any(default_storage.exists(name) for name in old_files)
    assert all(default_storage.exists(name) for name in young.stored_names())
    assert remove_unattached() == 0  # a second run finds nothing


def test_each_revision_holds_the_photos_as_saved(client, editor, unit):
    client.force_login(editor)
    first, second = uploaded(client), uploaded(client)
    client.post(
        ADD_URL, form_data(unit=unit.pk, publisher=True) | photo_rows(new=[(first, "Satu")])
    )
    article = Article.objects.get()
    data = form_data(article, publisher=True) | photo_rows(article, new=[(second, "Dua")])
    data["photos-0-DELETE"] = "on"
    assert client.post(change_url(article), data).status_code == 302

    def photos_in(version):
        return sorted(
            v.object_id
            for v in version.revision.version_set.all()
            if v.content_type.model == "photo"
        )

    newest, oldest = Version.objects.get_for_object(article)[:2]
    assert photos_in(oldest) == [str(first.pk)]
    assert photos_in(newest) == [str(second.pk)]


def test_a_release_the_user_may_only_view_shows_its_photos_as_the_public_reads_them(
    client, reporter, unit
):
    article = ArticleFactory(unit=unit, created_by=reporter)  # published: no longer editable
    article.authors.add(reporter.author)
    photo = add_photo(article, imagedata.jpeg_bytes(size=(640, 360)), alt_text="Apel pagi")
    client.force_login(reporter)
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert 'name="photos-0-alt_text"' not in response.text  # read-only
    # Shown as the public reads the release (workspace's read-only view), not as form rows.
    assert f'src="{default_storage.url(photo.renditions["article"]["jpeg"])}"' in response.text
    assert "Apel pagi" in response.text
    # And a crafted POST still cannot change them.
    data = form_data(article) | photo_rows(article)
    data["photos-0-alt_text"] = "Diubah"
    assert client.post(change_url(article), data).status_code == 403
    photo.refresh_from_db()
    assert photo.alt_text == "Apel pagi"


def test_clean_photos_refuses_to_remove_uploads_of_forms_still_open():
    with pytest.raises(CommandError, match="--hours harus paling sedikit 1"):
        call_command("clean_photos", hours=0)
