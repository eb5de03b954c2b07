"""The check in the release form: enforced on the server for editors, a warning for reporters."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Photo
from screening.checks import PHOTO, check_article
from screening.models import Confirmation
from tests.admin.test_admin import form_data, own_draft, photo_rows
from tests.admin.test_uploads import UPLOAD_URL
from tests.factories import ArticleFactory
from tests.imagedata import jpeg_bytes

pytestmark = pytest.mark.django_db

NAMED = "<p>Jember - Petugas mengamankan tersangka Budi Santoso (35) di rumahnya.</p>"
SENTENCE = "Jember - Petugas mengamankan tersangka Budi Santoso (35) di rumahnya."
NAMED_CAPTION = "Petugas menggiring tersangka Budi Santoso (35) ke mobil."


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(unit, body=NAMED, **kwargs):
    return ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, unit=unit, body=body, **kwargs
    )


def confirmations_for(article, reason="inisial"):
    return {f"screening-{finding.key}": reason for finding in check_article(article)}


def test_a_crafted_post_publishing_without_confirmations_is_refused_with_the_text_kept(
    client, editor, unit
):
    article = draft(unit)
    client.force_login(editor)
    body = NAMED + "<p>Kalimat baru yang belum tersimpan.</p>"
    response = client.post(
        change_url(article), form_data(article, publisher=True, status="published", body=body)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "temuan pemeriksaan belum dikonfirmasi" in page
    assert "Budi Santoso" in page and SENTENCE in page
    assert "Kalimat baru yang belum tersimpan." in page  # the editor's text comes back
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "Kalimat baru" not in article.body


def test_scheduling_is_refused_the_same_way(client, editor, unit):
    article = draft(unit)
    later = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_data(
            article,
            publisher=True,
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1="08:00:00",
        ),
    )
    assert response.status_code == 200
    assert "belum dikonfirmasi" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_editor_publishes_after_confirming_each_finding_and_the_revision_keeps_it(
    client, editor, unit
):
    article = draft(unit)
    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_data(article, publisher=True, status="published", **confirmations_for(article)),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public
    (confirmation,) = Confirmation.objects.filter(article=article)
    assert confirmation.confirmed_by == editor
    assert confirmation.reason == "inisial"
    assert confirmation.name == "Budi Santoso" and confirmation.sentence == SENTENCE
    version = Version.objects.get_for_object(article).first()
    assert confirmation.revision == version.revision
    assert version.revision.user == editor
    # The change form shows who confirmed it.
    page = client.get(change_url(article)).content.decode()
    assert "sudah dicek: inisial" in page and "editor" in page


def test_a_reason_that_does_not_fit_the_finding_is_not_a_confirmation(client, editor, unit):
    article = draft(unit)
    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_data(
            article,
            publisher=True,
            status="published",
            **confirmations_for(article, reason="wajah_disamarkan"),
        ),
    )
    assert response.status_code == 200
    assert not Confirmation.objects.exists()


def test_a_confirmed_finding_is_not_asked_again_but_a_changed_sentence_is(client, editor, unit):
    article = draft(unit)
    client.force_login(editor)
    client.post(
        change_url(article),
        form_data(article, publisher=True, status="published", **confirmations_for(article)),
    )
    article.refresh_from_db()
    response = client.post(
        change_url(article),
        form_data(article, publisher=True, lead="Ringkasan baru."),
    )
    assert response.status_code == 302
    changed = NAMED.replace("di rumahnya", "di kebunnya")
    response = client.post(change_url(article), form_data(article, publisher=True, body=changed))
    assert response.status_code == 200
    assert "belum dikonfirmasi" in response.content.decode()


def test_a_release_without_findings_publishes_as_before(client, editor, unit):
    article = draft(unit, body="<p>Tersangka AS (22) diamankan petugas.</p>")
    client.force_login(editor)
    response = client.post(
        change_url(article), form_data(article, publisher=True, status="published")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public


def test_a_new_photo_asks_for_the_faces_to_be_checked(client, editor, unit):
    article = draft(unit, body="<p>Patroli rutin.</p>")
    client.force_login(editor)
    answer = client.post(
        UPLOAD_URL,
        {"image": SimpleUploadedFile("patroli.jpg", jpeg_bytes(), content_type="image/jpeg")},
    )
    photo = Photo.objects.get(pk=answer.json()["id"])
    data = form_data(
        article,
        publisher=True,
        status="published",
        **photo_rows(article, [(photo, "Petugas berpatroli")]),
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "wajah anak dan korban" in page
    (key,) = [
        line.split('data-key="')[1].split('"')[0]
        for line in page.splitlines()
        if 'data-key="' in line
    ]
    response = client.post(change_url(article), {**data, f"screening-{key}": "wajah_disamarkan"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public
    assert article.main_photo == photo
    # Recorded under the stored photo's name: the next edit does not ask again.
    assert check_article(article)[0].key == Confirmation.objects.get().key
    response = client.post(change_url(article), form_data(article, publisher=True))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_photo_caption_is_checked_and_a_removed_photo_is_not(client, editor, unit):
    article = draft(unit, body="<p>Patroli rutin.</p>")
    photo = Photo.objects.create(
        article=article, image="releases/ab/foto.jpg", alt_text="Petugas", caption="Patroli."
    )
    Confirmation.objects.create(
        article=article,
        key=check_article(article)[0].key,
        role=PHOTO,
        sentence="Patroli.",
        reason=Confirmation.Reason.NO_FACES,
        confirmed_by=editor,
    )
    client.force_login(editor)
    data = form_data(article, publisher=True, status="published")
    named = {**data, "photos-0-caption": NAMED_CAPTION}
    response = client.post(change_url(article), named)
    assert response.status_code == 200
    assert "Budi Santoso" in response.content.decode()
    # The same photo marked for removal: its caption no longer counts.
    response = client.post(change_url(article), {**named, "photos-0-DELETE": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Photo.objects.filter(pk=photo.pk).exists()


def test_a_reporter_submitting_for_review_sees_the_findings_as_a_warning(client, reporter, unit):
    article = own_draft(reporter, unit, body=NAMED)
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, status="review"), follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    warnings = [str(m) for m in response.context["messages"]]
    assert any("Budi Santoso" in m and SENTENCE in m for m in warnings)
    page = client.get(change_url(article)).content.decode()
    assert SENTENCE in page
    assert 'name="screening-' not in page  # only editors confirm


def test_the_publish_action_refuses_a_release_with_unconfirmed_findings(client, editor, unit):
    named, plain = draft(unit), draft(unit, body="<p>Patroli rutin di Kaliwates.</p>")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [named.pk, plain.pk]},
        follow=True,
    )
    named.refresh_from_db()
    plain.refresh_from_db()
    assert plain.is_public and not named.is_public
    assert any("belum dikonfirmasi" in str(m) for m in response.context["messages"])
