"""Operations in the editorial workspace: editors edit them (versioned); releases choose one."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from operations.models import Operation
from tests.admin.test_admin import form_data
from tests.factories import ArticleFactory
from tests.operations.conftest import make_operation

pytestmark = pytest.mark.django_db

ADD = "admin:operations_operation_add"


def operation_post(unit, **overrides):
    return {
        "name": "Operasi Zebra",
        "code_name": "Semeru",
        "year": "2025",
        "slug": "operasi-zebra-semeru-2025",
        "kind": "terpusat",
        "start_date": "2025-11-17",
        "end_date": "2025-11-30",
        "units": [str(unit.pk)],
        "description": "Operasi tertib lalu lintas.",
        **overrides,
    }


def test_an_editor_adds_and_changes_an_operation_and_each_save_is_a_version(client, editor, unit):
    client.force_login(editor)
    response = client.post(reverse(ADD), operation_post(unit))
    assert response.status_code == 302
    operation = Operation.objects.get()
    assert list(operation.units.all()) == [unit]
    url = reverse("admin:operations_operation_change", args=[operation.pk])
    response = client.post(url, operation_post(unit, end_date="2025-12-07"))
    assert response.status_code == 302
    versions = Version.objects.get_for_object(operation)
    assert versions.count() == 2
    assert versions.first().revision.user == editor
    assert versions.first().field_dict["end_date"] == datetime.date(2025, 12, 7)


def test_an_end_before_the_start_is_refused_with_a_message(client, editor, unit):
    client.force_login(editor)
    response = client.post(reverse(ADD), operation_post(unit, end_date="2025-11-01"))
    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Operation.objects.exists()


def test_a_reporter_sees_operations_but_cannot_change_them(client, reporter, unit):
    operation = make_operation()
    client.force_login(reporter)
    assert client.post(reverse(ADD), operation_post(unit)).status_code == 403
    url = reverse("admin:operations_operation_change", args=[operation.pk])
    assert client.post(url, operation_post(unit)).status_code == 403
    assert Operation.objects.count() == 1


def autocomplete(client, release_day=None, term=""):
    params = {
        "term": term,
        "app_label": "articles",
        "model_name": "article",
        "field_name": "operation",
    }
    if release_day:
        params["berjalan_pada"] = release_day.isoformat()
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    return [item["text"] for item in json.loads(response.content)["results"]]


def test_the_release_forms_autocomplete_offers_operations_running_at_the_release_date(
    client, reporter
):
    day = datetime.date(2025, 3, 24)
    make_operation(year=2025, start_date=day, end_date=day + datetime.timedelta(days=10))
    make_operation(
        name="Operasi Zebra",
        year=2025,
        start_date=datetime.date(2025, 11, 17),
        end_date=datetime.date(2025, 11, 30),
    )
    client.force_login(reporter)
    assert autocomplete(client, day) == ["Operasi Ketupat Semeru 2025"]
    assert autocomplete(client, datetime.date(2025, 11, 20)) == ["Operasi Zebra Semeru 2025"]
    assert autocomplete(client, datetime.date(2025, 6, 1)) == []
    assert autocomplete(client, term="zebra") == ["Operasi Zebra Semeru 2025"]


def test_the_release_form_asks_for_operations_at_its_date_and_suggests_the_one_named(
    client, editor, unit
):
    operation = make_operation()
    article = ArticleFactory(
        unit=unit,
        body="<p>Personel Ops Ketupat Semeru berjaga di pos pengamanan.</p>",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = page.content.decode()
    day = timezone.localdate(article.published_at).isoformat()
    assert f"berjalan_pada={day}" in text
    assert f"Saran: teks rilis ini menyebut {operation.title}." in text


def test_a_release_saved_with_an_operation_outside_its_period_is_refused(client, editor, unit):
    old = make_operation(
        name="Operasi Zebra",
        start_date=datetime.date(2024, 11, 1),
        end_date=datetime.date(2024, 11, 14),
    )
    current = make_operation()
    article = ArticleFactory(unit=unit, published_at=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    response = client.post(url, form_data(article, publisher=True, operation=str(old.pk)))
    assert response.status_code == 200
    assert "Pilih operasi yang berjalan pada tanggal rilis" in response.content.decode()
    response = client.post(url, form_data(article, publisher=True, operation=str(current.pk)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.operation == current
    assert Version.objects.get_for_object(article).first().field_dict["operation_id"] == current.pk
    assert Article.objects.filter(operation=current).count() == 1
