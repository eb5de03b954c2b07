"""Corrections in the editorial workspace: the release form's choice, withdrawal, requests."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from articles.models import Article, Photo
from corrections.models import Correction, CorrectionRequest
from screening.checks import check, check_article
from screening.models import Confirmation
from tests.admin.test_admin import change_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = "<p>Jember - Polres Jember mengamankan tiga pelaku curanmor.</p>"


def edit(client, article, **overrides):
    return client.post(change_url(article), form_data(article, publisher=True, **overrides))


def last_revision_comment(article):
    return Version.objects.get_for_object(article).first().revision.comment


def test_a_public_releases_form_offers_the_choice_to_editors(client, editor, release):
    client.force_login(editor)
    html = client.get(change_url(release)).content.decode()
    assert 'name="change_kind"' in html and "Perbaikan kecil (tanpa pemberitahuan)" in html
    assert 'name="correction_text"' in html
    assert "Tarik dari situs" in html


def test_a_drafts_form_has_no_choice(client, editor, unit):
    draft = ArticleFactory(unit=unit, status="draft", published_at=None)
    client.force_login(editor)
    html = client.get(change_url(draft)).content.decode()
    assert 'name="change_kind"' not in html and "Tarik dari situs" not in html


def test_a_correction_saved_with_the_change_is_public_and_named_in_the_revision(
    client, editor, release
):
    client.force_login(editor)
    response = edit(
        client,
        release,
        body=BODY,
        change_kind="ralat",
        correction_text="Sebelumnya tertulis empat pelaku;   yang benar tiga pelaku.",
    )
    assert response.status_code == 302
    correction = Correction.objects.public().get()
    assert correction.text == "Sebelumnya tertulis empat pelaku; yang benar tiga pelaku."
    assert correction.editor == editor and correction.article == release
    release.refresh_from_db()
    assert "tiga pelaku curanmor" in release.body
    comment = last_revision_comment(release)
    assert comment.startswith("Ralat: Sebelumnya tertulis empat pelaku; yang benar tiga pelaku.")
    assert LogEntry.objects.get(object_id=str(release.pk)).change_message == comment
    html = client.get(release.get_absolute_url()).content.decode()
    assert "yang benar tiga pelaku" in html


def test_a_small_fix_leaves_no_notice_and_says_so_in_the_revision(client, editor, release):
    client.force_login(editor)
    assert edit(client, release, body=BODY, change_kind="kecil").status_code == 302
    assert not Correction.objects.exists()
    assert last_revision_comment(release).startswith("Perbaikan kecil (tanpa pemberitahuan).")


def test_a_fact_change_without_a_choice_counts_as_a_small_fix(client, editor, release):
    client.force_login(editor)
    assert edit(client, release, body=BODY).status_code == 302
    assert not Correction.objects.exists()
    assert last_revision_comment(release).startswith("Perbaikan kecil")


def test_a_change_of_no_fact_is_neither(client, editor, release):
    client.force_login(editor)
    response = edit(client, release, lead=release.lead, editor_initials="", featured="on")
    assert response.status_code == 302
    assert not last_revision_comment(release).startswith(("Ralat", "Perbaikan"))


def test_a_changed_photo_caption_counts_as_a_small_fix_an_unchanged_photo_not(
    client, editor, release
):
    Photo.objects.create(
        article=release, image="releases/ab/foto.jpg", alt_text="Pos", caption="Pos."
    )
    (reminder,) = check_article(release)
    Confirmation.objects.create(
        article=release,
        key=reminder.key,
        role=reminder.role,
        sentence=reminder.sentence,
        reason=Confirmation.Reason.NO_FACES,
        confirmed_by=editor,
    )
    client.force_login(editor)
    same = {"lead": release.lead, "editor_initials": ""}
    assert edit(client, release, featured="on", **same).status_code == 302
    assert not last_revision_comment(release).startswith(("Ralat", "Perbaikan"))
    caption = "Pos pengamanan Lebaran."
    # A new caption is a new sentence for the photo reminder: confirmed again.
    (reminder,) = check(photo="releases/ab/foto.jpg", caption=caption)
    response = edit(
        client,
        release,
        **same,
        **{"photos-0-caption": caption, f"screening-{reminder.key}": "tanpa_wajah"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert last_revision_comment(release).startswith("Perbaikan kecil")
    assert release.main_photo.caption == "Pos pengamanan Lebaran."


def test_a_correction_without_its_sentence_is_refused_and_nothing_is_saved(client, editor, release):
    client.force_login(editor)
    response = edit(client, release, body=BODY, change_kind="ralat", correction_text="  ")
    assert response.status_code == 200
    assert "Tulis ralatnya" in response.content.decode()
    release.refresh_from_db()
    assert "tiga pelaku" not in release.body
    assert not Correction.objects.exists()


def test_a_correction_posted_for_a_draft_is_ignored(client, editor, unit):
    draft = ArticleFactory(unit=unit, status="draft", published_at=None)
    client.force_login(editor)
    response = edit(client, draft, body=BODY, change_kind="ralat", correction_text="Ralat palsu.")
    assert response.status_code == 302
    assert not Correction.objects.exists()


# Withdrawal


def test_withdraw_page_offers_410_and_404_and_withdraws_with_a_notice(client, editor, release):
    client.force_login(editor)
    url = f"/admin/articles/article/{release.pk}/tarik/"
    html = client.get(url).content.decode()
    assert 'value="gone"' in html and 'value="hidden"' in html
    response = client.post(url, {"removal": "gone", "reason": "Data belum terverifikasi."})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == "draft" and release.removal == "gone"
    assert Correction.objects.public().get().text == "Data belum terverifikasi."
    assert client.get(release.get_absolute_url()).status_code == 410


def test_withdraw_page_for_a_legal_removal_records_the_choice(client, editor, release):
    client.force_login(editor)
    url = f"/admin/articles/article/{release.pk}/tarik/"
    assert client.post(url, {"removal": "hidden"}).status_code == 302
    release.refresh_from_db()
    assert release.removal == Article.Removal.HIDDEN
    assert "404" in last_revision_comment(release)
    assert "404" in LogEntry.objects.get(object_id=str(release.pk)).change_message
    assert client.get(release.get_absolute_url()).status_code == 404
    # Sent twice (a double tap): nothing more happens.
    assert client.post(url, {"removal": "gone"}).status_code == 302
    assert Article.objects.get().removal == Article.Removal.HIDDEN


def test_taking_a_public_release_off_through_its_status_withdraws_it(client, editor, release):
    client.force_login(editor)
    response = edit(client, release, status="draft", change_kind="ralat", correction_text="x")
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == "draft" and release.withdrawn_at is not None
    assert client.get(release.get_absolute_url()).status_code == 410
    # A withdrawal, not a correction: only its notice.
    assert Correction.objects.get().kind == Correction.Kind.WITHDRAWAL
    assert Version.objects.get_for_object(release).count() == 1


@pytest.mark.parametrize("removal", ["", "deleted", "410"])
def test_withdraw_page_refuses_an_unknown_choice(client, editor, release, removal):
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{release.pk}/tarik/", {"removal": removal})
    assert response.status_code == 200
    assert Article.objects.get().is_public


def test_a_reporter_cannot_withdraw(client, reporter, release):
    client.force_login(reporter)
    url = f"/admin/articles/article/{release.pk}/tarik/"
    assert client.post(url, {"removal": "hidden"}).status_code == 403
    assert Article.objects.get().is_public


# "Minta koreksi"


def test_a_reporter_asks_for_a_correction_of_her_published_release(client, reporter, release):
    client.force_login(reporter)
    html = client.get(change_url(release)).content.decode()
    assert "Minta koreksi" in html
    url = f"/admin/articles/article/{release.pk}/minta-koreksi/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Pelakunya tiga, bukan empat."})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.requested_by == reporter and request.is_open
    assert "menunggu editor" in client.get(change_url(release)).content.decode()


def test_an_empty_request_is_refused(client, reporter, release):
    client.force_login(reporter)
    url = f"/admin/articles/article/{release.pk}/minta-koreksi/"
    assert client.post(url, {"note": "   "}).status_code == 200
    assert not CorrectionRequest.objects.exists()


def test_only_her_own_published_release(client, reporter, other_reporter, release, unit):
    client.force_login(other_reporter)
    url = f"/admin/articles/article/{release.pk}/minta-koreksi/"
    assert client.post(url, {"note": "x"}).status_code == 403
    assert "Minta koreksi" not in client.get(change_url(release)).content.decode()
    client.force_login(reporter)
    draft = ArticleFactory(unit=unit, status="draft", published_at=None, created_by=reporter)
    url = f"/admin/articles/article/{draft.pk}/minta-koreksi/"
    assert client.post(url, {"note": "x"}).status_code == 403
    assert not CorrectionRequest.objects.exists()


def test_editors_see_open_requests_and_turn_one_into_a_correction(
    client, reporter, editor, release
):
    request = CorrectionRequest.objects.create(
        article=release, note="Pelakunya tiga, bukan empat.", requested_by=reporter
    )
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "Permintaan koreksi (1)" in dashboard and "Pelakunya tiga, bukan empat." in dashboard
    answer = f"{change_url(release)}?permintaan={request.pk}"
    assert answer in dashboard
    form = client.get(answer).content.decode()
    assert "Permintaan koreksi yang sedang dijawab" in form
    assert f'name="correction_request" value="{request.pk}"' in form
    assert 'value="ralat" checked' in form or 'value="ralat"\n' in form or "checked" in form
    response = client.post(
        answer,
        form_data(
            release,
            publisher=True,
            body=BODY,
            change_kind="ralat",
            correction_text="Yang benar tiga pelaku.",
            correction_request=str(request.pk),
        ),
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "done" and request.correction.text == "Yang benar tiga pelaku."
    assert "Tidak ada permintaan koreksi." in client.get("/admin/").content.decode()


def test_an_editor_closes_a_request_from_the_dashboard(client, reporter, editor, release):
    request = CorrectionRequest.objects.create(article=release, note="x", requested_by=reporter)
    client.force_login(reporter)
    url = f"/admin/corrections/correctionrequest/{request.pk}/tutup/"
    assert client.post(url).status_code == 403
    assert "Permintaan koreksi (" not in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.status == "closed" and request.resolved_by == editor
    assert not Correction.objects.exists()


def test_a_request_of_another_release_is_refused(client, reporter, editor, release, unit):
    other = ArticleFactory(unit=unit)
    request = CorrectionRequest.objects.create(article=other, note="x", requested_by=reporter)
    client.force_login(editor)
    response = edit(
        client,
        release,
        change_kind="ralat",
        correction_text="Ralat.",
        correction_request=str(request.pk),
    )
    assert response.status_code == 200
    assert "untuk rilis lain" in response.content.decode()
    assert not Correction.objects.exists()


def test_whatsapp_text_in_the_admin_for_public_releases_only(client, editor, release, unit):
    client.force_login(editor)
    html = client.get(change_url(release)).content.decode()
    assert "Salin untuk WhatsApp" in html and f"/r/{release.pk}/" in html
    draft = ArticleFactory(unit=unit, status="draft", published_at=None)
    assert "Salin untuk WhatsApp" not in client.get(change_url(draft)).content.decode()
