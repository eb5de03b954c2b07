import datetime
import io
import json
import zoneinfo

import PIL.Image
import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles import images
from articles.importers.base import ImportFailure, Release
from articles.importers.jsonl import parse_json
from articles.models import Article, Author, Photo
from articles.photos import add_photo

from .conftest import DATA, SEEDS

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")

RECORD = {
    "title": "Polsek Patrang Gelar Jumat Curhat",
    "body": "<p>Polsek Patrang menggelar Jumat Curhat bersama warga.</p>",
    "published_at": "2024-09-06T08:00:00+07:00",
    "authors": ["Dewi Lestari"],
    "tags": ["Jumat Curhat"],
    "unit": "polsek-patrang",
}


def items(data):
    return list(parse_json(io.BytesIO(data.encode() if isinstance(data, str) else data), "r.jsonl"))


def test_json_lines_give_one_release_per_line_and_name_bad_lines():
    lines = [json.dumps(RECORD), "", "{rusak", json.dumps({**RECORD, "title": ""}), "[1]"]
    first, *failures = items("\n".join(lines))
    assert isinstance(first, Release)
    assert first.title == "Polsek Patrang Gelar Jumat Curhat"
    assert first.published_at == datetime.datetime(2024, 9, 6, 8, 0, tzinfo=WIB)
    assert first.unit_slug == "polsek-patrang"
    assert first.origin == "r.jsonl, baris 1"
    assert [str(f) for f in failures] == [
        "r.jsonl: JSON tidak sah di baris 3, kolom 2: nama kolom harus diapit tanda kutip ganda",
        "r.jsonl, baris 4: tidak ada judul (title)",
        "r.jsonl, baris 5: setiap rilis harus berupa objek JSON",
    ]


def test_a_json_array_with_a_bom_is_read_item_by_item():
    data = "\ufeff" + json.dumps([RECORD, {**RECORD, "tags": "bukan daftar"}], indent=2)
    release, failure = items(data.encode())
    assert release.tags == ["Jumat Curhat"]
    assert str(failure) == "r.jsonl, butir 2: tags harus berupa daftar teks"


@pytest.mark.parametrize(
    "record, reason",
    [
        ({**RECORD, "judul": "salah eja"}, "kolom tidak dikenal: judul"),
        ({**RECORD, "published_at": "30 Agustus"}, "published_at bukan tanggal ISO 8601"),
        ({**RECORD, "has_time": "ya"}, "has_time harus true atau false"),
        ({**RECORD, "body": "  "}, "tidak ada isi (body)"),
        ({**RECORD, "title": 7}, "title harus berupa teks"),
    ],
)
def test_invalid_records_are_refused_naming_the_field(record, reason):
    (failure,) = items(json.dumps(record))
    assert isinstance(failure, ImportFailure)
    assert reason in str(failure)


def test_a_django_fixture_is_refused_as_untrusted_input():
    fixture = (DATA.parent.parent / "fixtures" / "releases.json").read_text()
    failures = items(fixture)
    assert failures and all(isinstance(f, ImportFailure) for f in failures)
    assert "ini fixture Django" in str(failures[0])


def test_invalid_json_array_names_the_line():
    with pytest.raises(
        ImportFailure, match=r"^r.jsonl: JSON tidak sah di baris 2, kolom 10: nilai diharapkan"
    ):
        items('[{"title": "A",\n "body": }]')


def test_a_naive_time_is_jakarta_time_and_a_bare_date_has_no_time():
    naive, bare = items(
        json.dumps({**RECORD, "published_at": "2024-09-06T08:00"})
        + "\n"
        + json.dumps({**RECORD, "published_at": "2024-09-06"})
    )
    assert naive.published_at == datetime.datetime(2024, 9, 6, 8, 0, tzinfo=WIB)
    assert naive.has_time is True
    assert bare.published_at == datetime.datetime(2024, 9, 6, 0, 0, tzinfo=WIB)
    assert bare.has_time is False


@pytest.mark.django_db
def test_json_import_sanitises_and_deduplicates_like_the_other_formats(units, run_import, write):
    record = {**RECORD, "body": '<p onclick="x()">Isi<script>alert(1)</script></p>'}
    path = write("rilis.jsonl", json.dumps(record) + "\n" + json.dumps(record))
    result = run_import(path)
    assert "1 dibuat, 0 diperbarui, 1 tidak berubah" in result.out
    article = Article.objects.get()
    assert article.body == "<p>Isi</p>"
    assert article.unit.slug == "polsek-patrang"
    assert [t.name for t in article.tags.all()] == ["jumat curhat"]


@pytest.mark.django_db
def test_json_with_an_unknown_unit_fails_naming_the_line(units, run_import, write):
    result = run_import(write("rilis.jsonl", json.dumps({**RECORD, "unit": "polsek-atlantis"})))
    assert "rilis.jsonl, baris 1: satuan dengan slug 'polsek-atlantis' tidak ada" in result.err


def export():
    out = io.StringIO()
    call_command("export_releases", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_export_then_import_round_trips_with_nothing_lost(units, run_import, tmp_path):
    run_import(SEEDS)
    run_import(DATA / "wxr" / "polres-jember.xml")
    Article.objects.filter(title__startswith="Polsek Kaliwates").update(
        featured=True, lead="Ringkasan dari redaksi."
    )
    exported = export()
    assert len(exported) == 6
    assert exported[0] == {
        "title": "Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring Verifikasi di KPU",
        "slug": "polres-jember-lakukan-pengamanan-ketat-pelaksanaan-monitoring-verifikasi-di-kpu",
        "published_at": "2024-08-30T15:54:00+07:00",
        "has_time": True,
        "status": "published",
        "featured": False,
        "unit": "polres-jember",
        "authors": ["Siswandi"],
        "editor_initials": "AR",
        "tags": [],
        "dateline": "Jember",
        "lead": "",
        "body": exported[0]["body"],
        "source_name": "JEMBER.POLRES.ID",
        "source_url": "http://jember.polres.id",
        "import_key": Article.objects.get(slug=exported[0]["slug"]).import_key,
        "operation": "",
        "photos": [],
    }

    # Into the same database: every release is recognised, none is duplicated. The one an
    # editor changed after its import differs from what was imported, so it is rewritten
    # (to the same content) once; then the file and the database agree.
    path = tmp_path / "ekspor.jsonl"
    call_command("export_releases", output=str(path), stderr=io.StringIO())
    assert "0 dibuat, 1 diperbarui, 5 tidak berubah, 0 gagal" in run_import(path).out
    assert export() == exported
    assert "0 dibuat, 0 diperbarui, 6 tidak berubah, 0 gagal" in run_import(path).out

    # Into an empty database: the same releases come back, field for field.
    Article.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    assert "6 dibuat, 0 diperbarui, 0 tidak berubah, 0 gagal" in run_import(path).out
    assert export() == exported
    assert "6 tidak berubah" in run_import(path).out


@pytest.mark.django_db
def test_export_of_one_unit_and_of_an_unknown_unit(units, run_import):
    run_import(DATA / "wxr" / "polres-jember.xml")
    out = io.StringIO()
    call_command("export_releases", unit="polsek-kaliwates", stdout=out)
    assert [json.loads(line)["unit"] for line in out.getvalue().splitlines()] == [
        "polsek-kaliwates"
    ]
    with pytest.raises(Exception, match="polsek-atlantis"):
        call_command("export_releases", unit="polsek-atlantis", stdout=io.StringIO())


def test_deeply_nested_json_is_refused_not_crashed_on():
    (failure,) = items('{"tags": ' + "[" * 5000 + "]" * 5000 + "}")
    assert str(failure) == "r.jsonl, baris 1: JSON bersarang terlalu dalam"
    with pytest.raises(ImportFailure, match="JSON bersarang terlalu dalam"):
        items("[" + "[" * 5000 + "]" * 5000 + "]")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_no_input_makes_the_json_parser_fail_with_anything_but_an_import_failure(data):
    try:
        found = items(data)
    except ImportFailure:
        return
    assert all(isinstance(item, Release | ImportFailure) for item in found)


def stored_bytes(size, color):
    data = io.BytesIO()
    PIL.Image.new("RGB", size, color).save(data, "JPEG")
    return data.getvalue()


def stored_photo(size=(1600, 900), color="navy"):
    """Return the storage name of a photo stored as an upload stores it."""
    photo = Photo()
    images.store(photo, images.clean_bytes(stored_bytes(size, color)))
    return photo.image.name


PHOTO_COLUMNS = (
    "image",
    "alt_text",
    "caption",
    "credit",
    "order",
    "width",
    "height",
    "file_size",
    "renditions",
)


def photo_rows_of(article):
    return list(article.photos.values(*PHOTO_COLUMNS))


@pytest.mark.django_db
def test_photos_round_trip_through_export_and_import(units, run_import, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    run_import(SEEDS)
    article = Article.objects.get(slug__startswith="pastikan")
    main = add_photo(
        article,
        stored_bytes((1600, 900), "navy"),
        alt_text="Peserta rapat koordinasi di Cempaka Hill Hotel",
        caption="Rakor persiapan distribusi logistik Pilkada 2024.",
        credit="Humas Polres Jember",
    )
    add_photo(article, stored_bytes((900, 1200), "olive"), alt_text="Kapolres memberi arahan")
    add_photo(article, stored_bytes((640, 480), "maroon"), alt_text="Gudang logistik")
    before = photo_rows_of(article)
    exported = export()
    record = next(r for r in exported if r["slug"] == article.slug)
    assert [p["alt"] for p in record["photos"]] == [
        "Peserta rapat koordinasi di Cempaka Hill Hotel",
        "Kapolres memberi arahan",
        "Gudang logistik",
    ]
    assert record["photos"][0] == {
        "image": main.image.name,
        "alt": "Peserta rapat koordinasi di Cempaka Hill Hotel",
        "caption": "Rakor persiapan distribusi logistik Pilkada 2024.",
        "credit": "Humas Polres Jember",
    }
    path = tmp_path / "ekspor.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in exported))

    Article.objects.all().delete()
    assert "2 dibuat" in run_import(path).out
    assert export() == exported
    article = Article.objects.get(slug=article.slug)
    assert photo_rows_of(article) == before
    assert [row["order"] for row in before] == [0, 1, 2]
    assert before[0]["width"] == 1600 and before[0]["file_size"] and before[0]["renditions"]
    assert article.main_photo.image.name == main.image.name
    # Imported again, nothing changed; the photos are not duplicated.
    assert "2 tidak berubah" in run_import(path).out
    assert article.photos.count() == 3


@pytest.mark.django_db
def test_a_single_image_in_the_older_format_becomes_the_main_photo(units, run_import, write):
    name = stored_photo()
    record = {
        **RECORD,
        "image": name,
        "image_alt": "Warga berdialog dengan Kapolsek",
        "image_caption": "Jumat Curhat di Patrang.",
        "image_credit": "Humas Polsek Patrang",
    }
    assert "1 dibuat" in run_import(write("r.jsonl", json.dumps(record))).out
    photo = Article.objects.get().main_photo
    assert (photo.image.name, photo.alt_text, photo.caption, photo.credit) == (
        name,
        "Warga berdialog dengan Kapolsek",
        "Jumat Curhat di Patrang.",
        "Humas Polsek Patrang",
    )
    assert (photo.width, photo.height) == (1600, 900) and photo.file_size > 0
    assert set(photo.renditions) == {"thumb", "article", "social"}

    # An update that names another list replaces the set; one that names none keeps it.
    second = stored_photo(color="teal")
    changed = {
        **RECORD,
        "photos": [{"image": second, "alt": "Dua"}, {"image": name, "alt": "Satu"}],
    }
    assert "1 diperbarui" in run_import(write("r.jsonl", json.dumps(changed))).out
    article = Article.objects.get()
    assert [(p.image.name, p.alt_text) for p in article.photos.all()] == [
        (second, "Dua"),
        (name, "Satu"),
    ]
    silent = {**RECORD, "lead": "Ringkasan baru."}
    assert "1 diperbarui" in run_import(write("r.jsonl", json.dumps(silent))).out
    assert article.photos.count() == 2


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"photos": "foto.jpg"}, "photos harus berupa daftar objek"),
        ({"photos": ["foto.jpg"]}, "photos[1] harus berupa objek"),
        ({"photos": [{"image": "a.jpg", "judul": "x"}]}, "photos[1]: kolom tidak dikenal: judul"),
        ({"photos": [{"alt": "tanpa berkas"}]}, "photos[1]: tidak ada image"),
        ({"photos": [{"image": "a.jpg", "alt": 5}]}, "photos[1]: alt harus berupa teks"),
        ({"photos": [], "image": "a.jpg"}, "photos dan image tidak boleh dipakai bersama"),
    ],
)
def test_a_bad_photo_list_is_refused_naming_the_entry(fields, message):
    (failure,) = items(json.dumps({**RECORD, **fields}))
    assert isinstance(failure, ImportFailure)
    assert str(failure).startswith(f"r.jsonl, baris 1: {message}")


@pytest.mark.django_db
def test_an_image_name_outside_the_sites_photos_is_refused(units, run_import, write):
    for name in ["../../etc/passwd", "releases/ab/" + "0" * 32 + ".jpg"]:
        result = run_import(write("r.jsonl", json.dumps({**RECORD, "image": name})))
        assert "foto tidak ada di penyimpanan situs ini" in result.err
    assert not Article.objects.exists()
