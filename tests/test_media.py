"""Uploaded photos served with DEBUG off from the file system, and nothing else."""

import importlib

import pytest
from django.urls import clear_url_caches, get_resolver
from django.utils.http import http_date

import newsroom.urls
from newsroom import media

pytestmark = pytest.mark.django_db

PHOTO = "releases/ab/ab12cd34ef56ab12cd34ef56ab12cd34-article.jpg"
JPEG = b"\xff\xd8\xff\xe0 not really a photo, but stored as one"


@pytest.fixture
def stored(media_root):
    """A photo as the admin stores it, and a secret file just outside MEDIA_ROOT."""
    file = media_root / PHOTO
    file.parent.mkdir(parents=True)
    file.write_bytes(JPEG)
    (media_root.parent / "rahasia.txt").write_text("SECRET_KEY=x")
    return file


def test_photo_is_served_with_debug_off(client, settings, stored):
    assert settings.DEBUG is False
    response = client.get(f"/media/{PHOTO}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "attachment" not in response.get("Content-Disposition", "")


def test_head_and_a_revalidation_are_answered(client, stored):
    assert client.head(f"/media/{PHOTO}").status_code == 200
    since = http_date(stored.stat().st_mtime + 1)
    response = client.get(f"/media/{PHOTO}", HTTP_IF_MODIFIED_SINCE=since)
    assert response.status_code == 304
    assert client.post(f"/media/{PHOTO}").status_code == 405


@pytest.mark.parametrize(
    "address",
    [
        "/media/../rahasia.txt",
        "/media/%2e%2e/rahasia.txt",
        "/media/releases/%2e%2e/%2e%2e/rahasia.txt",
        "/media/releases/..%2f..%2frahasia.txt",
        "/media//etc/passwd",
        "/media/%2fetc%2fpasswd",
        "/media/releases/ab/%00.jpg",
        "/media/releases/ab/tidak-ada.jpg",
        "/media/releases/",
        "/media/releases/ab",
        "/media/",
    ],
)
def test_nothing_outside_media_root_nor_a_folder_nor_a_missing_file(client, stored, address):
    response = client.get(address)
    assert response.status_code == 404, address
    assert b"SECRET_KEY" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_link_out_of_media_root_is_not_followed(client, stored, media_root):
    (media_root / "releases" / "tautan.jpg").symlink_to(media_root.parent / "rahasia.txt")
    assert client.get("/media/releases/tautan.jpg").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [("releases/x.html", b"<script>alert(1)</script>"), ("releases/x.svg", b"<svg onload=x>")],
)
def test_a_file_a_browser_could_run_is_only_downloaded(client, media_root, name, content):
    (media_root / name).parent.mkdir(parents=True, exist_ok=True)
    (media_root / name).write_bytes(content)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_photos_are_never_stored_in_the_page_cache(client, settings, stored):
    settings.PAGE_CACHE = True
    client.get(f"/media/{PHOTO}")
    stored.unlink()
    assert client.get(f"/media/{PHOTO}").status_code == 404


def test_media_on_another_storage_is_not_routed(settings):
    assert media.is_served()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    try:
        assert not media.is_served()
        importlib.reload(newsroom.urls)
        clear_url_caches()
        assert "media" not in {p.name for p in get_resolver().url_patterns if hasattr(p, "name")}
    finally:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
        importlib.reload(newsroom.urls)
        clear_url_caches()
    assert "media" in {p.name for p in get_resolver().url_patterns if hasattr(p, "name")}
