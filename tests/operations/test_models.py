import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article
from operations.models import Operation, next_public_change, operation_for_text
from tests.factories import ArticleFactory
from tests.operations.conftest import make_operation

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 24)


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_title_joins_name_code_name_and_year_and_makes_the_slug():
    operation = make_operation(name="Operasi Ketupat", code_name="Semeru", year=2025)
    assert str(operation) == "Operasi Ketupat Semeru 2025"
    assert operation.slug == "operasi-ketupat-semeru-2025"
    assert operation.get_absolute_url() == "/operasi/operasi-ketupat-semeru-2025/"


def test_running_on_includes_both_ends_of_the_period():
    operation = make_operation(start_date=DAY, end_date=DAY + datetime.timedelta(days=10))
    for day, running in [
        (DAY - datetime.timedelta(days=1), False),
        (DAY, True),
        (DAY + datetime.timedelta(days=10), True),
        (DAY + datetime.timedelta(days=11), False),
    ]:
        assert (operation in Operation.objects.running_on(day)) is running, day


def test_an_operation_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        make_operation(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "text",
    [
        "Polres Jember menggelar apel Operasi Ketupat Semeru 2025 di alun-alun.",
        "Personel Ops Ketupat berjaga di pos pengamanan.",
        "OPERASI KETUPAT SEMERU: arus mudik lancar.",
        "Dalam rangka operasi ketupat, petugas mengatur lalu lintas.",
    ],
)
def test_a_text_naming_a_running_operation_is_linked(text):
    operation = make_operation(start_date=DAY, end_date=DAY + datetime.timedelta(days=14))
    assert operation_for_text(text, "", "", at(DAY + datetime.timedelta(days=2))) == operation


def test_a_text_outside_the_period_or_naming_another_is_not_linked():
    make_operation(start_date=DAY, end_date=DAY + datetime.timedelta(days=14))
    text = "Apel Operasi Ketupat Semeru 2025."
    assert operation_for_text(text, "", "", at(DAY - datetime.timedelta(days=1))) is None
    assert operation_for_text("Operasi Zebra digelar.", "", "", at(DAY)) is None
    assert operation_for_text("Ketupat lebaran dibagikan.", "", "", at(DAY)) is None
    assert operation_for_text(text, "", "", None) is None


def test_with_two_running_operations_the_one_whose_code_name_is_given_wins():
    make_operation(code_name="Lodaya", start_date=DAY, end_date=DAY + datetime.timedelta(days=9))
    semeru = make_operation(start_date=DAY, end_date=DAY + datetime.timedelta(days=9))
    text = "<p>Apel gelar pasukan Operasi Ketupat Semeru.</p>"
    assert operation_for_text("", "", text, at(DAY)) == semeru


def test_a_release_cannot_be_linked_to_an_operation_outside_its_period(unit):
    operation = make_operation(start_date=DAY, end_date=DAY + datetime.timedelta(days=3))
    article = ArticleFactory.build(
        unit=unit, operation=operation, published_at=at(DAY + datetime.timedelta(days=4))
    )
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "operation" in error.value.message_dict
    article.published_at = at(DAY + datetime.timedelta(days=3), hour=23)
    article.clean()


def test_deleting_an_operation_keeps_its_releases(unit, operation):
    article = ArticleFactory(unit=unit, operation=operation)
    operation.delete()
    article.refresh_from_db()
    assert article.operation is None


def test_the_pages_change_by_themselves_when_an_operation_starts_or_ends():
    today = timezone.localdate()
    assert next_public_change() is None
    make_operation(start_date=today - datetime.timedelta(days=3), end_date=today)
    midnight = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    assert next_public_change() == midnight
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert next_public_change() == scheduled.published_at
    Article.objects.all().delete()
    make_operation(
        name="Operasi Zebra",
        start_date=today + datetime.timedelta(days=7),
        end_date=today + datetime.timedelta(days=9),
    )
    assert next_public_change() == midnight
