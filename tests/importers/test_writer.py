import datetime
import json
import zoneinfo

import pytest

from articles.importers.base import Release, import_key
from articles.importers.writer import UnitMatcher
from articles.models import Unit

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def release(**fields):
    defaults = {
        "title": "Patroli Rutin",
        "body": "<p>Personel melaksanakan patroli.</p>",
        "published_at": datetime.datetime(2024, 9, 1, 8, 0, tzinfo=WIB),
    }
    return Release(**{**defaults, **fields})


def test_key_is_the_release_url_without_scheme_or_trailing_slash():
    a = release(source_url="http://Jember.Polres.id/berita/patroli/")
    b = release(source_url="https://jember.polres.id/berita/patroli", body="<p>Diubah.</p>")
    assert import_key(a) == import_key(b)


def test_a_portal_home_page_is_not_a_key_so_the_text_decides():
    home = release(source_url="http://JEMBER.POLRES.ID")
    assert import_key(home) == import_key(release())
    assert import_key(home) != import_key(release(body="<p>Lain.</p>"))
    assert import_key(release(source_url="https://jember.polres.id/?p=12")) != import_key(home)


def test_text_key_ignores_markup_case_and_spacing_but_not_the_day():
    assert import_key(release(body="<p>Personel  melaksanakan <b>patroli</b>.</p>")) == import_key(
        release(body="<p>personel melaksanakan patroli.</p>")
    )
    later = release(published_at=datetime.datetime(2024, 9, 2, 8, 0, tzinfo=WIB))
    assert import_key(later) != import_key(release())


def test_an_explicit_key_wins():
    assert import_key(release(import_key="wp-101")) == "wp-101"


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


def test_a_batch_is_written_in_chunks_and_a_refused_release_fails_alone(units, monkeypatch, write):
    from articles.importers import import_paths, writer
    from articles.models import Article

    monkeypatch.setattr(writer, "INSERT_ROWS", 2)
    Article.objects.create(
        title="Patroli Subuh",
        slug="patroli-subuh",
        body="<p>Sudah ada.</p>",
        unit=Unit.objects.get(slug="polres-jember"),
        status="published",
        published_at=datetime.datetime(2024, 9, 1, 5, 0, tzinfo=WIB),
    )
    records = [
        {"title": f"Patroli {n}", "body": f"<p>Isi {n}.</p>", "published_at": "2024-09-01"}
        for n in range(1, 8)
    ]
    records[3]["slug"] = "patroli-subuh"
    lines = [json.dumps(record) for record in records]
    summary = import_paths([write("rilis.jsonl", "\n".join(lines))], batch_size=10)
    assert (summary.created, summary.failed) == (6, 1)
    assert summary.failures[0].endswith(
        "baris 4: slug 'patroli-subuh' sudah dipakai pada tanggal itu"
    )
    assert Article.objects.count() == 7
