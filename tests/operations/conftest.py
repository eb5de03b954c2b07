import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from operations.models import Operation
from tests.admin.conftest import editor, reporter  # noqa: F401
from tests.factories import UnitFactory
from tests.importers.conftest import run_import, units, write  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(db):
    return UnitFactory(name="Polres Jember", slug="polres-jember", kind="polres")


def make_operation(**fields):
    today = timezone.localdate()
    values = {
        "name": "Operasi Ketupat",
        "code_name": "Semeru",
        "year": today.year,
        "kind": Operation.Kind.CENTRAL,
        "start_date": today - datetime.timedelta(days=5),
        "end_date": today + datetime.timedelta(days=5),
        **fields,
    }
    return Operation.objects.create(**values)


@pytest.fixture
def operation(db, unit):
    operation = make_operation(description="Pengamanan mudik Lebaran.")
    operation.units.add(unit)
    return operation
