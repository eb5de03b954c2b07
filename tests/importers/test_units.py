import pytest

from articles.importers.units import UnitMatcher, UnknownUnit
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


def test_a_position_in_a_section_names_the_unit_above_it(units):
    find = UnitMatcher(Unit.objects.all()).named_in
    assert find("Kasi Humas Polres Jember AKP Nanang mengimbau warga").slug == "polres-jember"
    assert find("Kasubsi Penmas Humas Polres Jember hadir").slug == "polres-jember"
    assert find("Humas Polres Jember menggelar lomba foto").slug == "humas-polres-jember"
    assert find("Wakapolres Jember Kompol Sugeng memimpin apel").slug == "polres-jember"


def test_aliases_name_their_unit_and_a_units_own_name_wins(units):
    Unit.objects.filter(slug="satlantas-polres-jember").update(
        aliases="Kasat Lantas\nSatuan Lalu Lintas,  Satlantas ,\n\n"
    )
    # Another unit's alias never takes a unit's own name.
    Unit.objects.filter(slug="polsek-ajung").update(aliases="Polres Jember")
    matcher = UnitMatcher(Unit.objects.all())
    assert Unit.objects.get(slug="satlantas-polres-jember").alias_list == [
        "Kasat Lantas",
        "Satuan Lalu Lintas",
        "Satlantas",
    ]
    find = matcher.named_in
    assert find("Kasat Lantas AKP Dodik mengimbau pemudik").slug == "satlantas-polres-jember"
    assert find("Satuan Lalu Lintas Polres Jember menggelar razia").slug == (
        "satlantas-polres-jember"
    )
    assert find("Polres Jember menggelar apel").slug == "polres-jember"


def test_an_alias_followed_by_another_polres_is_not_this_unit(units):
    Unit.objects.filter(slug="satlantas-polres-jember").update(aliases="Satlantas")
    matcher = UnitMatcher(Unit.objects.all())
    mentions = matcher.mentions("Satlantas Polres Bitung menindak pengendara. Satlantas hadir.")
    assert [(m.name, m.unit) for m in mentions][:1] == [("Polres Bitung", None)]
    assert mentions[1].unit.slug == "satlantas-polres-jember"


@pytest.mark.parametrize(
    "text, title_case, name",
    [
        ("Kapolres Bitung AKBP Tommy memimpin patroli", False, "Polres Bitung"),
        ("Polres Kutai Kartanegara menggelar operasi", False, "Polres Kutai Kartanegara"),
        ("Polres Bitung Gelar Patroli Skala Besar", True, "Polres Bitung"),
        ("arahan Kapolda Sulawesi Utara Irjen Pol Setyo", False, "Polda Sulawesi Utara"),
        ("POLRES BITUNG menggelar patroli", False, "Polres Bitung"),
    ],
)
def test_units_not_in_the_database_are_named_as_written(units, text, title_case, name):
    mentions = UnitMatcher(Unit.objects.all()).mentions(text, title_case=title_case)
    assert mentions[0].name == name and mentions[0].unit is None


def test_the_first_unit_named_decides_and_an_unknown_one_is_never_replaced(units):
    matcher = UnitMatcher(Unit.objects.all())
    jember = release(title="Sinergi Polres Jember dan Polres Bondowoso Amankan Perbatasan")
    assert matcher.resolve(jember) == (Unit.objects.get(slug="polres-jember"), [])
    bitung = release(
        title="Patroli Skala Besar", body="<p>Polres Bitung dan Polres Jember berpatroli.</p>"
    )
    with pytest.raises(UnknownUnit) as caught:
        matcher.resolve(bitung)
    assert caught.value.mention.name == "Polres Bitung"
    assert matcher.match(bitung) is None


def test_the_default_unit_is_a_doubt(units):
    unit, doubts = UnitMatcher(Unit.objects.all()).resolve(release(title="Patroli Subuh"))
    assert unit.slug == "polres-jember"
    assert doubts == ["rilis tidak menyebut satuannya; dimasukkan ke satuan bawaan Polres Jember"]


def test_the_site_that_published_a_release_names_its_unit_when_the_release_does_not(units):
    matcher = UnitMatcher(Unit.objects.all())
    jember = Unit.objects.get(slug="polres-jember")
    # The site of the Polres's Humas publishes the Polres's releases, not the section's.
    quiet = release(title="Patroli Subuh", site_name="Humas Polres Jember")
    assert matcher.resolve(quiet) == (jember, [])
    # A unit the release names itself still wins over the site's.
    kaliwates = release(title="Kapolsek Kaliwates Patroli Subuh", site_name="Humas Polres Jember")
    assert matcher.resolve(kaliwates)[0].slug == "polsek-kaliwates"
    # A site of a unit not in the database is never filed under another unit.
    with pytest.raises(UnknownUnit) as caught:
        matcher.resolve(release(title="Patroli Subuh", site_name="Humas Polres Bitung"))
    assert caught.value.mention.name == "Polres Bitung"
    # A site that names no unit decides nothing.
    _, doubts = matcher.resolve(release(title="Patroli Subuh", site_name="Theme Unit Test Data"))
    assert doubts == ["rilis tidak menyebut satuannya; dimasukkan ke satuan bawaan Polres Jember"]


def test_create_puts_a_polsek_under_the_polres_the_text_names_in_its_zone(units):
    kaltim = Unit.objects.create(
        name="Polda Kalimantan Timur", slug="polda-kaltim", kind="polda", time_zone="Asia/Makassar"
    )
    Unit.objects.create(
        name="Polres Kutai Kartanegara",
        slug="polres-kukar",
        kind="polres",
        parent=kaltim,
        time_zone="Asia/Makassar",
        aliases="Polres Kukar",
    )
    matcher = UnitMatcher(Unit.objects.all())
    text = release(
        title="Patroli Pasar",
        body="<p>Polsek Tenggarong bersama Polres Kukar berpatroli di pasar.</p>",
    )
    with pytest.raises(UnknownUnit) as caught:
        matcher.resolve(text)
    unit, doubts = matcher.create(caught.value.mention, text)
    assert (unit.name, unit.kind, unit.parent.slug, unit.time_zone) == (
        "Polsek Tenggarong",
        "polsek",
        "polres-kukar",
        "Asia/Makassar",
    )
    assert doubts == [] and matcher.created == [unit]
    assert matcher.resolve(text) == (unit, [])


def test_a_created_unit_without_a_parent_named_is_a_doubt(units):
    matcher = UnitMatcher(Unit.objects.all())
    text = release(title="Patroli", body="<p>Polres Bitung berpatroli.</p>")
    unit, doubts = matcher.create(matcher.mentions("Polres Bitung")[0], text)
    assert unit.parent is None and unit.time_zone == "Asia/Jakarta"
    assert doubts == ["satuan Polres Bitung dibuat tanpa induk: rilis tidak menyebut Polda-nya"]


def test_aliases_are_edited_in_the_admins_unit_form(units, admin_client):
    unit = Unit.objects.get(slug="satlantas-polres-jember")
    url = f"/admin/articles/unit/{unit.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="aliases"' in page.content.decode()
    form = {
        "name": unit.name,
        "slug": unit.slug,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "time_zone": unit.time_zone,
        "aliases": "Kasat Lantas\nSatuan Lalu Lintas",
    }
    assert admin_client.post(url, form).status_code == 302
    matcher = UnitMatcher(Unit.objects.all())
    assert matcher.named_in("Satuan Lalu Lintas menggelar razia") == unit


def test_a_functional_units_name_with_a_space_after_sat_is_the_same_unit(units):
    find = UnitMatcher(Unit.objects.all()).named_in
    assert find("Sat Resnarkoba Polres Jember mengungkap").slug == "satresnarkoba-polres-jember"
    assert find("Kasat Lantas Polres Jember AKP Dodik").slug == "satlantas-polres-jember"
