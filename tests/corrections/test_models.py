"""The rules of corrections, withdrawals and requests, on the models."""

import datetime

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from corrections.models import Correction, CorrectionRequest
from tests.factories import ArticleFactory

from .conftest import hours_ago

pytestmark = pytest.mark.django_db


def test_an_editor_records_a_correction_of_a_public_release(release, editor):
    correction = Correction.objects.record(
        release, "  Sebelumnya tertulis 4 pelaku; yang benar 3 pelaku. ", by=editor
    )
    assert correction.kind == Correction.Kind.CORRECTION
    assert correction.text == "Sebelumnya tertulis 4 pelaku; yang benar 3 pelaku."
    assert correction.editor == editor
    assert abs(correction.created_at - timezone.now()) < datetime.timedelta(seconds=5)
    assert list(Correction.objects.public()) == [correction]


def test_a_reporter_cannot_record_a_correction(release, reporter):
    with pytest.raises(PermissionDenied):
        Correction.objects.record(release, "Salah nama.", by=reporter)
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "status, published_at",
    [("draft", None), ("review", None), ("published", timezone.now() + datetime.timedelta(1))],
)
def test_no_correction_for_a_release_the_public_cannot_see(unit, editor, status, published_at):
    article = ArticleFactory(unit=unit, status=status, published_at=published_at)
    with pytest.raises(ValueError):
        Correction.objects.record(article, "Salah nama.", by=editor)


@pytest.mark.parametrize(
    "status, published_at",
    [("draft", None), ("review", None), ("published", timezone.now() + datetime.timedelta(1))],
)
def test_corrections_of_releases_not_public_are_never_public(unit, status, published_at):
    article = ArticleFactory(unit=unit)
    Correction.objects.create(article=article, text="Salah angka.")
    Article.objects.filter(pk=article.pk).update(status=status, published_at=published_at)
    assert not Correction.objects.public().exists()


def test_public_corrections_are_newest_first(unit):
    first, second = ArticleFactory(unit=unit), ArticleFactory(unit=unit)
    old = Correction.objects.create(article=first, text="Lama.", created_at=hours_ago(3))
    new = Correction.objects.create(article=second, text="Baru.", created_at=hours_ago(1))
    middle = Correction.objects.create(article=first, text="Tengah.", created_at=hours_ago(2))
    assert list(Correction.objects.public()) == [new, middle, old]


def test_withdrawing_a_public_release_leaves_a_public_notice_and_410(release, editor):
    release.unpublish(by=editor, reason="Identitas korban tertulis lengkap.")
    release.refresh_from_db()
    assert release.status == Article.Status.DRAFT
    assert release.withdrawn_at is not None
    assert release.removal == Article.Removal.GONE
    assert list(Article.objects.withdrawn()) == [release]
    notice = Correction.objects.public().get()
    assert notice.kind == Correction.Kind.WITHDRAWAL
    assert notice.text == "Identitas korban tertulis lengkap."
    assert notice.created_at == release.withdrawn_at
    assert notice.editor == editor


def test_a_legal_removal_answers_404_and_leaves_no_public_trace(release, editor):
    release.unpublish(by=editor, removal=Article.Removal.HIDDEN)
    release.refresh_from_db()
    assert release.removal == Article.Removal.HIDDEN
    assert not Article.objects.withdrawn().exists()
    assert not Correction.objects.exists()


def test_the_removal_choice_is_recorded_in_the_revision(release, editor):
    release.unpublish(by=editor, removal=Article.Removal.HIDDEN, reason="Putusan pengadilan.")
    version = Version.objects.get_for_object(release).get()
    assert version.revision.user == editor
    assert "404" in version.revision.comment
    assert "Putusan pengadilan." in version.revision.comment
    assert version.field_dict["removal"] == Article.Removal.HIDDEN


def test_withdrawing_inside_an_outer_revision_keeps_one_revision(release, editor):
    with reversion.create_revision():
        release.unpublish(by=editor)
    assert Version.objects.get_for_object(release).count() == 1


@pytest.mark.parametrize(
    "status, published_at",
    [("draft", None), ("review", None), ("published", timezone.now() + datetime.timedelta(1))],
)
def test_withdrawing_what_was_never_public_leaves_no_notice(unit, editor, status, published_at):
    article = ArticleFactory(unit=unit, status=status, published_at=published_at)
    article.unpublish(by=editor)
    article.refresh_from_db()
    assert article.withdrawn_at is None
    assert not Article.objects.withdrawn().exists()
    assert not Correction.objects.exists()


def test_a_reporter_cannot_withdraw(release, reporter):
    with pytest.raises(PermissionDenied):
        release.unpublish(by=reporter)
    release.refresh_from_db()
    assert release.is_public and release.withdrawn_at is None


def test_a_withdrawn_release_published_again_is_no_longer_withdrawn(release, editor):
    release.unpublish(by=editor)
    release.publish(by=editor)
    assert not Article.objects.withdrawn().exists()
    # Its history stays on /ralat/: the release is public again.
    assert Correction.objects.public().get().kind == Correction.Kind.WITHDRAWAL


def test_only_a_reporter_of_her_own_published_release_may_ask_for_a_correction(
    release, reporter, other_reporter, editor
):
    assert CorrectionRequest.can_be_made_by(reporter, release)
    assert not CorrectionRequest.can_be_made_by(other_reporter, release)
    # An editor changes the release herself.
    assert not CorrectionRequest.can_be_made_by(editor, release)
    release.status = Article.Status.REVIEW
    # While it is not published, she changes it herself.
    assert not CorrectionRequest.can_be_made_by(reporter, release)


def test_a_request_is_answered_once_by_an_editor(release, reporter, editor):
    request = CorrectionRequest.objects.create(
        article=release, note="Pelakunya 3, bukan 4.", requested_by=reporter
    )
    assert list(CorrectionRequest.objects.open()) == [request]
    with pytest.raises(PermissionDenied):
        request.close(by=reporter)
    correction = Correction.objects.record(release, "Pelaku 3 orang.", by=editor, request=request)
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.DONE
    assert request.correction == correction and request.resolved_by == editor
    assert not CorrectionRequest.objects.open().exists()
    with pytest.raises(ValueError):
        request.close(by=editor)


def test_a_request_closed_without_correction(release, reporter, editor):
    request = CorrectionRequest.objects.create(article=release, note="x", requested_by=reporter)
    request.close(by=editor)
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.CLOSED
    assert request.resolved_at is not None
    assert not Correction.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_a_correction_needs_one_sentence_of_at_most_500_characters(release, editor, text):
    with pytest.raises(ValueError):
        Correction.objects.record(release, text, by=editor)
    assert not Correction.objects.exists()


def test_a_long_withdrawal_reason_is_shortened_for_the_notice_and_kept_in_the_revision(
    release, editor
):
    reason = "Alasan panjang. " * 60
    release.unpublish(by=editor, reason=reason)
    notice = Correction.objects.get()
    assert len(notice.text) <= 500 and notice.text.endswith("…")
    assert reason.strip() in Version.objects.get_for_object(release).get().revision.comment
