import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command

from articles.models import Article, Unit

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def test_unit_tree_has_polda_polres_and_its_polsek_and_functional_units(seed_data):
    polres = Unit.objects.get(slug="polres-jember")
    assert polres.parent.name == "Polda Jawa Timur"
    children = set(polres.children.values_list("name", flat=True))
    assert {"Polsek Kaliwates", "Polsek Sumbersari", "Polsek Patrang"} <= children
    assert {"Satlantas Polres Jember", "Satreskrim Polres Jember"} <= children
    assert {"Satresnarkoba Polres Jember", "Humas Polres Jember"} <= children


def test_seed_000_is_a_complete_structured_release(seed_data):
    article = Article.objects.get(slug__startswith="polres-jember-lakukan-pengamanan")
    assert article.title == (
        "Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring Verifikasi di KPU"
    )
    assert [a.name for a in article.authors.all()] == ["Siswandi"]
    assert article.unit.name == "Polres Jember"
    assert article.published_at == datetime.datetime(2024, 8, 30, 15, 54, tzinfo=WIB)
    assert article.has_time
    assert article.dateline == "Jember"
    assert article.editor_initials == "AR"
    assert article.source_name == "JEMBER.POLRES.ID"
    assert article.body.count("<p>") == 7
    assert article.body.startswith(
        "<p>Polres Jember melaksanakan pengamanan ketat di Kantor Komisi Pemilihan Umum (KPU)"
    )
    assert article.body.endswith("dipilih oleh rakyat secara demokratis.</p>")
    assert "(AR)" not in article.body and "# POLRES" not in article.body
    assert list(article.tags.all()) == []
    assert article.is_public


def test_seed_003_is_a_complete_structured_release_dated_by_its_body_marker(seed_data):
    article = Article.objects.get(slug__startswith="pastikan-kelancaran-pilkada-2024")
    assert article.title == (
        "Pastikan Kelancaran Pilkada 2024, Polres Jember Ikuti Rakor Persiapan "
        "Pendistribusian Logistik"
    )
    assert [a.name for a in article.authors.all()] == ["Siswandi"]
    assert article.unit.name == "Polres Jember"
    assert article.published_at.astimezone(WIB).date() == datetime.date(2024, 11, 16)
    assert not article.has_time
    assert article.dateline == "Jember"
    assert article.editor_initials == "AR"
    assert sorted(t.name for t in article.tags.all()) == ["jember", "pilkada 2024", "polresjember"]
    assert article.body.count("<p>") == 10
    assert article.body.startswith(
        "<p>Dalam rangka memastikan kelancaran dan keamanan proses pendistribusian logistik"
    )
    assert article.body.endswith("berjalan aman, tertib, dan sesuai jadwal.</p>")
    for boilerplate in [
        "Artikel Sebelumnya",
        "Artikel Berikutnya",
        "Berita terkait",
        "Rekomendasi",
        "Ikuti Kami",
        "Babinsa Mayang",
        "#polresjember",
        "\xa0",
    ]:
        assert boilerplate not in article.body


def test_load_initial_data_fills_an_empty_database_and_never_overwrites_an_editors_work(db):
    call_command("load_initial_data", stdout=io.StringIO())
    release = Article.objects.order_by("pk").first()
    units, releases = Unit.objects.count(), Article.objects.count()
    assert units > 1 and releases == 2
    release.title = "Judul yang sudah diperbaiki editor"
    release.save()
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "not loaded again" in out.getvalue()
    release.refresh_from_db()
    assert release.title == "Judul yang sudah diperbaiki editor"
    assert (Unit.objects.count(), Article.objects.count()) == (units, releases)
