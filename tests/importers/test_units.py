import pytest

from articles.importers.units import UnitMatcher
from articles.models import Unit

from .test_base import release

pytestmark = pytest.mark.django_db


def test_unit_matcher_title_first_longest_name_and_ka_prefix(units):
    matcher = UnitMatcher(Unit.objects.all())
    assert matcher.default.slug == "polres-jember"
    find = matcher.named_in
    assert find("Kapolsek Kaliwates Sapa Warga").slug == "polsek-kaliwates"
    assert find("Satlantas  Polres Jember Gelar Razia").slug == "satlantas-polres-jember"
    assert find("POLRES JEMBER dan Polsek Patrang").slug == "polres-jember"
    assert find("Warga Kaliwates") is None
    assert matcher.match(release(unit_names=["Polsek Patrang"])).slug == "polsek-patrang"
    assert matcher.match(release(source_url="http://jember.polres.id/")).slug == "polres-jember"


def test_default_unit_without_a_polres_is_the_first_unit(db):
    first = Unit.objects.create(name="Polsek Contoh", slug="polsek-contoh", kind="polsek")
    Unit.objects.create(name="Polsek Kedua", slug="polsek-kedua", kind="polsek")
    assert UnitMatcher(Unit.objects.all()).default == first


def test_without_units_there_is_no_default_and_no_name_matches(db):
    matcher = UnitMatcher([])
    assert matcher.default is None and matcher.named_in("Polres Jember") is None
