"""Refused requests get the site's own 403 pages, in Indonesian."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_another_reporters_share_page_is_the_sites_403(client, reporter, other_reporter, unit):
    draft = ArticleFactory(unit=unit, status="draft", published_at=None, created_by=other_reporter)
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_share", args=[draft.pk]))
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    html = response.content.decode()
    assert "<h1>Akses ditolak</h1>" in html
    assert 'href="/admin/"' in html  # back to the workspace, not to a public page
    assert '<meta name="robots" content="noindex">' in html


def test_csrf_failure_is_the_sites_403_in_indonesian(editor):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "editor", "password": "x"})
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403_csrf.html", "base.html"]
    html = response.content.decode()
    assert "<h1>Formulir ditolak</h1>" in html
    assert "muat ulang" in html
    assert "CSRF verification failed" not in html
