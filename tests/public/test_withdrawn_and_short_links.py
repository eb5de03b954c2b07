"""A withdrawn release's address (410 or 404) and the short address /r/<id>/."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.admin.conftest import make_user
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

VISIBILITY = [
    ("draft", None),
    ("review", None),
    ("published", timezone.now() + datetime.timedelta(days=1)),  # scheduled
]


@pytest.fixture
def editor(db):
    return make_user("editor", "Editor")


def test_a_withdrawn_release_answers_410_with_a_notice_and_its_date_not_its_content(
    client, release, editor
):
    release.unit.time_zone = "Asia/Jayapura"
    release.unit.save()
    url = release.get_absolute_url()
    release.unpublish(by=editor, reason="Nama korban tertulis lengkap.")
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "telah ditarik" in html and "Alasan: Nama korban tertulis lengkap." in html
    local = timezone.localtime(Article.objects.get().withdrawn_at, release.unit.tzinfo)
    assert f'<time datetime="{local.isoformat()}">' in html and "WIT</time>" in html
    assert "Personel melaksanakan patroli" not in html  # the body
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_a_legal_removal_answers_a_plain_404(client, release, editor):
    url = release.get_absolute_url()
    release.unpublish(by=editor, removal=Article.Removal.HIDDEN)
    response = client.get(url)
    assert response.status_code == 404
    assert "ditarik" not in response.content.decode()
    assert client.get(release.get_short_url()).status_code == 404


def test_a_withdrawn_release_published_again_answers_200(client, release, editor):
    release.unpublish(by=editor)
    release.publish(by=editor)
    assert client.get(release.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status, published_at", VISIBILITY)
def test_releases_never_public_stay_404_when_unpublished(client, unit, status, published_at):
    article = ArticleFactory(unit=unit, status=status, published_at=published_at)
    article.unpublish()
    article.refresh_from_db()
    if article.pub_date:
        assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.get_short_url()).status_code == 404


def test_short_address_redirects_permanently_to_the_current_address(client, release):
    assert release.get_short_url() == f"/r/{release.pk}/"
    response = client.get(release.get_short_url())
    assert response.status_code == 301
    assert response["Location"] == release.get_absolute_url()


def test_short_address_follows_a_changed_slug(client, release):
    release.slug = "judul-baru"
    release.save()
    response = client.get(release.get_short_url())
    assert response.status_code == 301
    assert response["Location"].endswith("/judul-baru/")


@pytest.mark.parametrize("status, published_at", VISIBILITY)
def test_short_address_of_a_release_not_public_is_404(client, unit, status, published_at):
    article = ArticleFactory(unit=unit, status=status, published_at=published_at)
    response = client.get(article.get_short_url())
    assert response.status_code == 404
    assert article.slug not in response.get("Location", "")


def test_short_address_of_a_withdrawn_release_answers_410(client, release, editor):
    release.unpublish(by=editor)
    assert client.get(release.get_short_url()).status_code == 410


@pytest.mark.parametrize("path", ["/r/0/", "/r/999999/", "/r/abc/", "/r/-1/"])
def test_unknown_short_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


def test_share_buttons_and_whatsapp_message_use_the_short_address(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    short = f"http://testserver/r/{release.pk}/"
    assert "Salin untuk WhatsApp" in html
    assert f"{short}</textarea>" not in html  # the address is followed by the unit's name
    textarea = html.split('id="whatsapp-text"', 1)[1].split("</textarea>", 1)[0]
    assert short in textarea and f"*{release.title}*" in textarea
    assert "https://wa.me/?text=" in html and "%2Fr%2F" in html
    assert "u=http%3A%2F%2Ftestserver%2Fr%2F" in html  # Facebook
