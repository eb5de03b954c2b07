"""The shared marker: renewed once per committed transaction, and once when a schedule is due."""

import datetime
import threading
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

import pagecache
from articles.models import Article
from pagecache import marker as markers
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewals(monkeypatch):
    """Count the markers made: each one makes every worker render the pages again."""
    made = []
    renew = markers.renew

    def counting_renew():
        made.append(1)
        return renew()

    monkeypatch.setattr(markers, "renew", counting_renew)
    return made


def test_a_transaction_writing_many_rows_renews_the_marker_once_after_it_commits(
    committed, renewals
):
    reporters = [AuthorFactory() for _ in range(3)]
    with committed():
        for n in range(10):
            article = ArticleFactory(title=f"Rilis {n}", authors=reporters, tags=["polres"])
            article.tags.add("patroli")
        assert renewals == []  # nothing before the commit
    assert len(renewals) == 1


def test_a_rolled_back_transaction_renews_nothing_and_the_next_commit_still_does(
    committed, renewals
):
    with committed():
        try:
            with transaction.atomic():
                ArticleFactory(title="Dibatalkan")
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert renewals == []
    with committed():
        ArticleFactory(title="Tersimpan")
    assert len(renewals) == 1


def test_pages_cached_before_a_commit_are_stale_after_it(committed):
    before = markers.current()
    with committed():
        ArticleFactory()
        assert markers.current() == before
    assert markers.current().token != before.token


def test_marker_expires_when_the_next_scheduled_release_is_due():
    due = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory(published_at=due)
    marker = markers.current()
    assert marker.expires_at == due.timestamp()
    with time_machine.travel(due - datetime.timedelta(seconds=1)):
        assert markers.current() == marker
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        assert markers.current().token != marker.token


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """A cache whose add() is atomic across workers: Redis (SET NX) or the in-process one."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        cache.clear()


def test_many_workers_finding_the_marker_due_renew_it_once_and_agree(
    shared_cache, renewals, monkeypatch
):
    due = timezone.now() + datetime.timedelta(minutes=5)
    ArticleFactory(published_at=due, status=Article.Status.PUBLISHED)
    stale = markers.current()
    assert stale.expires_at == due.timestamp()
    renewals.clear()
    # Looking up the next release takes a moment (a query), so the workers overlap; their
    # threads cannot see this test's uncommitted rows, so none is found.
    monkeypatch.setattr(markers, "_next_change", lambda: time.sleep(0.05))
    seen, start = [], threading.Barrier(10)

    def worker():
        start.wait()
        seen.append(markers.current())

    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=True):
        threads = [threading.Thread(target=worker) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(renewals) == 1
    assert len({marker.token for marker in seen}) == 1
    assert seen[0].token != stale.token


def test_a_missing_marker_is_recreated(renewals):
    markers.current()
    cache.delete(markers.KEY)  # evicted, or the cache was flushed
    assert markers.is_current(markers.current())
    assert len(renewals) == 2


def test_a_worker_that_took_the_lock_and_died_does_not_stop_the_others(monkeypatch):
    stale = markers.current()
    cache.add(f"{markers.KEY}:renewing:{stale.token}", 1)  # held by a worker that is gone
    monkeypatch.setattr(markers, "WAIT_SECONDS", 0.05)
    assert markers.refresh(stale).token != stale.token


def test_invalidate_is_the_one_entry_point_apps_call():
    assert pagecache.invalidate is markers.invalidate
