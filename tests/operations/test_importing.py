"""Operations in imports: linked by the text within their period, or named by an export."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from articles.models import Article
from operations.models import Operation

pytestmark = pytest.mark.django_db

RECORD = {
    "title": "Polres Jember Gelar Apel Operasi Ketupat Semeru 2025",
    "body": "<p>Polres Jember menggelar apel pasukan Operasi Ketupat Semeru 2025.</p>",
    "published_at": "2025-03-24T08:00:00+07:00",
    "unit": "polres-jember",
}


@pytest.fixture
def ketupat(units):
    return Operation.objects.create(
        name="Operasi Ketupat",
        code_name="Semeru",
        year=2025,
        kind=Operation.Kind.CENTRAL,
        start_date=datetime.date(2025, 3, 24),
        end_date=datetime.date(2025, 4, 8),
    )


def lines(*records):
    return "\n".join(json.dumps(record) for record in records)


def test_a_release_naming_an_operation_within_its_period_is_linked(ketupat, run_import, write):
    outside = {**RECORD, "title": "Apel Operasi Ketupat", "published_at": "2025-05-01T08:00:00"}
    plain = {**RECORD, "title": "Patroli Malam", "body": "<p>Patroli rutin.</p>"}
    result = run_import(write("rilis.jsonl", lines(RECORD, outside, plain)))
    assert "3 dibuat" in result.out
    linked = Article.objects.filter(operation=ketupat).values_list("title", flat=True)
    assert list(linked) == [RECORD["title"]]


def test_an_export_names_the_operation_and_its_import_restores_the_link(ketupat, run_import, write):
    plain = {**RECORD, "title": "Pos Pengamanan", "body": "<p>Pos pengamanan dibuka.</p>"}
    run_import(write("rilis.jsonl", lines(plain)))
    article = Article.objects.get()
    article.operation = ketupat
    article.save()
    out = io.StringIO()
    call_command("export_releases", stdout=out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["operation"] == "operasi-ketupat-semeru-2025"
    Article.objects.all().delete()
    assert "1 dibuat" in run_import(write("ekspor.jsonl", json.dumps(record))).out
    assert Article.objects.get().operation == ketupat


def test_an_unknown_operation_or_a_date_outside_it_fails_naming_the_line(
    ketupat, run_import, write
):
    unknown = {**RECORD, "operation": "operasi-atlantis-2025"}
    outside = {**RECORD, "operation": ketupat.slug, "published_at": "2025-06-01T08:00:00"}
    result = run_import(write("rilis.jsonl", lines(unknown, outside)))
    assert "rilis.jsonl, baris 1: operasi dengan slug 'operasi-atlantis-2025' tidak ada" in (
        result.err
    )
    assert "rilis.jsonl, baris 2: rilis bertanggal 01-06-2025 di luar masa" in result.err
    assert not Article.objects.exists()


def test_the_fixtures_hold_a_current_and_a_past_operation_of_the_seed_units(seed_data):
    call_command("loaddata", "operations", verbosity=0)
    past, current = Operation.objects.order_by("start_date")
    assert past.end_date < current.start_date
    assert past.units.filter(slug="polres-jember").exists()
    assert current.units.filter(slug="polsek-kaliwates").exists()
