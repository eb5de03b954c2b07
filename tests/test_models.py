import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_releases_whose_time_has_come():
    now = timezone.now()
    visible = ArticleFactory(status="published", published_at=now - datetime.timedelta(minutes=1))
    ArticleFactory(status="draft", published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status="review", published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status="published", published_at=now + datetime.timedelta(minutes=1))
    ArticleFactory(status="published", published_at=None)

    assert list(Article.objects.published()) == [visible]


def test_scheduled_release_becomes_public_when_its_time_comes_without_any_job():
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert article.is_scheduled and not article.is_public
    with_time_passed = timezone.now() + datetime.timedelta(seconds=2)
    assert not Article.objects.published().exists()
    article.published_at = with_time_passed - datetime.timedelta(seconds=3)
    article.save()
    assert article.is_public
    assert list(Article.objects.published()) == [article]


def test_save_derives_slug_and_url_date_in_jakarta_time():
    # 23:30 UTC is already the next day in Jakarta (UTC+7).
    moment = datetime.datetime(2024, 8, 29, 23, 30, tzinfo=datetime.UTC)
    article = ArticleFactory(title="Kapolres Jember Pimpin Apel Pagi", slug="", published_at=moment)
    assert article.slug == "kapolres-jember-pimpin-apel-pagi"
    assert article.pub_date == datetime.date(2024, 8, 30)
    assert article.get_absolute_url() == "/berita/2024/08/30/kapolres-jember-pimpin-apel-pagi/"


def test_save_sanitises_body_html():
    article = ArticleFactory(
        body='<p onclick="x()">Aman</p><script>alert(1)</script><a href="javascript:x()">t</a>'
    )
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "<p>Aman</p>" in article.body


def test_same_slug_on_same_date_is_refused_by_the_database():
    moment = timezone.now() - datetime.timedelta(hours=1)
    ArticleFactory(slug="patroli", published_at=moment)
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="patroli", published_at=moment)


def test_publish_sets_the_time_and_unpublish_withdraws():
    article = ArticleFactory(status="draft", published_at=None)
    article.publish()
    assert article.is_public
    article.unpublish()
    assert not Article.objects.published().exists()
