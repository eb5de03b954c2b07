"""The editing rules on the model that the admin asks (Article.can_be_edited_by and friends)."""

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(reporter, unit):
    article = ArticleFactory(unit=unit, status="draft", published_at=None, created_by=reporter)
    return article


def test_reporter_edits_own_draft_and_own_release_in_review(release, reporter):
    assert release.can_be_edited_by(reporter)
    release.status = Article.Status.REVIEW
    assert release.can_be_edited_by(reporter)


def test_reporter_named_as_author_counts_as_own_work(reporter, unit):
    article = ArticleFactory(unit=unit, status="draft", published_at=None)
    assert not article.can_be_edited_by(reporter)
    article.authors.add(reporter.author)
    assert article.can_be_edited_by(reporter)


def test_reporter_cannot_edit_published_or_others(release, reporter, other_reporter):
    assert not release.can_be_edited_by(other_reporter)
    release.status = Article.Status.PUBLISHED
    assert not release.can_be_edited_by(reporter)


def test_editor_edits_publishes_and_deletes_everything(release, editor):
    release.status = Article.Status.PUBLISHED
    assert release.can_be_edited_by(editor)
    assert release.can_be_deleted_by(editor)
    assert Article.can_publish(editor)
    assert release.statuses_for(editor) == list(Article.Status)


def test_reporter_statuses_stop_before_published(release, reporter):
    assert release.statuses_for(reporter) == [Article.Status.DRAFT, Article.Status.REVIEW]
    assert not release.can_be_deleted_by(reporter)
    assert not Article.can_publish(reporter)


def test_inactive_or_unprivileged_users_edit_nothing(release, editor):
    editor.is_active = False
    assert not release.can_be_edited_by(editor)
    assert not release.can_be_edited_by(User.objects.create_user("tamu"))
