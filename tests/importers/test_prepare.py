import datetime
import zoneinfo

import pytest

from articles.importers.base import ImportFailure, Release, import_key
from articles.importers.prepare import ascii_host, normalise_tag, prepare, valid_url
from articles.importers.units import UnitMatcher
from articles.models import Unit

from .test_base import release

pytestmark = pytest.mark.django_db
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def matcher(units):
    return UnitMatcher(Unit.objects.all())


def test_a_release_is_cleaned_resolved_and_keyed(matcher):
    prepared = prepare(
        release(
            title="  Polsek   Patrang Gelar Patroli ",
            body='<p onclick="x()">Patroli.</p><script>alert(1)</script>',
            authors=["Dewi  Lestari", "Dewi Lestari"],
            tags=["#Jember", "JEMBER", "Polsek Patrang", "Pilkada  2024"],
            origin="r.txt",
        ),
        matcher,
    )
    assert prepared.fields["title"] == "Polsek Patrang Gelar Patroli"
    assert prepared.fields["body"] == "<p>Patroli.</p>"
    assert prepared.fields["unit_id"] == Unit.objects.get(slug="polsek-patrang").pk
    assert prepared.fields["status"] == "published"
    assert prepared.authors == ["Dewi Lestari"]
    assert prepared.tags == ["jember", "pilkada 2024"]  # the unit's name is not a tag
    assert prepared.label == ("r.txt", "Polsek Patrang Gelar Patroli")
    assert (
        prepared.key
        == prepared.fields["import_key"]
        == import_key(release(title="Polsek Patrang Gelar Patroli", body="<p>Patroli.</p>"))
    )


def test_the_hash_changes_with_the_content_not_with_the_order_of_tags(matcher):
    a = prepare(release(tags=["a", "b"], authors=["X", "Y"]), matcher)
    assert prepare(release(tags=["b", "a"], authors=["Y", "x"]), matcher).digest == a.digest
    assert prepare(release(tags=["a", "c"]), matcher).digest != a.digest
    assert prepare(release(), matcher, status="draft").digest != prepare(release(), matcher).digest


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"title": "  "}, "tidak ada judul"),
        ({"body": "<script>alert(1)</script>"}, "isi rilis kosong (setelah dibersihkan)"),
        ({"status": "archived"}, "status tidak dikenal: archived"),
        ({"published_at": datetime.datetime(2024, 9, 1, 8, 0)}, "waktu terbit tanpa zona waktu"),
        ({"published_at": None}, "rilis terbit tanpa tanggal terbit"),
        ({"unit_slug": "polsek-atlantis"}, "satuan dengan slug 'polsek-atlantis' tidak ada"),
        ({"slug": "Bukan Slug"}, "slug tidak sah: Bukan Slug"),
        ({"authors": ["x" * 201]}, "nama wartawan lebih dari 200 karakter"),
        (
            {"photos": [{"image": "../../etc/passwd"}]},
            "foto ke-1: foto tidak ada di penyimpanan situs ini",
        ),
    ],
)
def test_a_release_that_cannot_be_written_is_refused_with_the_reason(matcher, fields, message):
    with pytest.raises(ImportFailure) as failure:
        prepare(release(**fields), matcher)
    assert str(failure.value).startswith(message)


def test_the_given_unit_wins_over_the_release(matcher):
    patrang = Unit.objects.get(slug="polsek-patrang")
    prepared = prepare(release(unit_slug="polsek-kaliwates"), matcher, unit=patrang)
    assert prepared.fields["unit_id"] == patrang.pk


def test_tags_are_stored_lower_case_without_hashes_and_urls_must_be_http():
    assert normalise_tag("  #Pilkada   2024 ") == "pilkada 2024"
    assert len(normalise_tag("x" * 300)) == 100
    assert valid_url("https://jember.polres.id/?p=1") and not valid_url("ftp://jember.polres.id")


def test_an_invalid_source_url_is_dropped_with_a_doubt_and_the_release_held(units):
    release = Release(
        title="Patroli Malam",
        body="<p>Patroli digelar.</p>",
        published_at=datetime.datetime(2024, 9, 1, 8, 0, tzinfo=datetime.UTC),
        source_url="javascript:alert(1)",
        unit_slug="polres-jember",  # named, so the address is the only doubt
    )
    prepared = prepare(release, UnitMatcher(Unit.objects.all()))
    assert prepared.fields["source_url"] == ""
    assert prepared.doubts == ["alamat sumber tidak sah, dibuang: javascript:alert(1)"]
    assert prepared.fields["status"] == "review" and prepared.held
    assert prepared.fields["import_unsure"] is True
    assert "Perlu dicek: alamat sumber tidak sah" in prepared.fields["import_notes"]
    published = prepare(release, UnitMatcher(Unit.objects.all()), publish_unsure=True)
    assert published.fields["status"] == "published" and not published.held


def test_an_idn_or_emoji_host_is_kept_in_its_ascii_form():
    assert ascii_host("https://🚀-science.com/science/?p=1") == (
        "https://xn---science-7f85g.com/science/?p=1"
    )
    assert valid_url(ascii_host("https://polres-ñ.example/rilis"))
