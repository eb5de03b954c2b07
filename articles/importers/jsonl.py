"""Releases as JSON: one record per line (JSON Lines) or a JSON array of records.

The schema (also in the README, "Importing releases"): an object with
  title (text, required), body (HTML, required), published_at (ISO 8601; without
  an offset it is Asia/Jakarta; null for a draft), has_time (bool), status
  ("published", "review", "draft"), featured (bool), unit (a unit slug),
  authors (names), editor_initials, tags (names), dateline, lead,
  source_name, source_url, import_key, slug, operation (the slug of an operation
  already on this site), and photos: a list of objects {image (its name in this
  site's storage), alt, caption, credit}, the main photo first. A single photo may
  still be given the older way: image, image_alt, image_caption, image_credit.
Unknown fields are refused, so a misspelt field never goes missing silently.
"""

import datetime
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from django.utils import timezone

from .base import ImportFailure, Release
from .dates import WIB

TEXT_FIELDS = (
    "title",
    "body",
    "lead",
    "dateline",
    "editor_initials",
    "source_name",
    "source_url",
    "import_key",
    "slug",
    "status",
    "unit",
    "operation",
)
PHOTO_FIELDS = ("image", "image_alt", "image_caption", "image_credit")
FIELDS = {
    *TEXT_FIELDS,
    *PHOTO_FIELDS,
    "photos",
    "published_at",
    "has_time",
    "featured",
    "authors",
    "tags",
}
# The keys of one entry of "photos", and the Release.photos key each becomes.
PHOTO_KEYS = {"image": "image", "alt": "alt_text", "caption": "caption", "credit": "credit"}
MAX_ARRAY_BYTES = 200 * 1024 * 1024


def parse_datetime(value):
    """Return (aware datetime, has_time) from ISO 8601 text; a bare date is midnight WIB."""
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            return datetime.datetime.combine(day, datetime.time(), tzinfo=WIB), False
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ImportFailure(f"published_at bukan tanggal ISO 8601: {value[:40]!r}") from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=WIB)
    return moment, True


def record_to_release(record):
    """Return the Release a JSON record describes; raise ImportFailure naming a bad field."""
    if not isinstance(record, dict):
        raise ImportFailure("setiap rilis harus berupa objek JSON")
    if "model" in record and "fields" in record:
        raise ImportFailure(
            "ini fixture Django, bukan rilis; fixture dimuat dengan loaddata, "
            "hanya bila sumbernya tepercaya"
        )
    unknown = sorted(set(record) - FIELDS)
    if unknown:
        raise ImportFailure(f"kolom tidak dikenal: {', '.join(unknown)}")
    for field in (*TEXT_FIELDS, *PHOTO_FIELDS):
        if record.get(field) is not None and not isinstance(record[field], str):
            raise ImportFailure(f"{field} harus berupa teks")
    for field in ("authors", "tags"):
        value = record.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ImportFailure(f"{field} harus berupa daftar teks")
    for field in ("has_time", "featured"):
        if field in record and not isinstance(record[field], bool):
            raise ImportFailure(f"{field} harus true atau false")
    if not (record.get("title") or "").strip():
        raise ImportFailure("tidak ada judul (title)")
    if not (record.get("body") or "").strip():
        raise ImportFailure("tidak ada isi (body)")
    published_at, has_time = None, True
    if record.get("published_at") is not None:
        if not isinstance(record["published_at"], str):
            raise ImportFailure("published_at harus berupa teks ISO 8601")
        published_at, has_time = parse_datetime(record["published_at"])
    text = {field: (record.get(field) or "") for field in TEXT_FIELDS}
    return Release(
        title=text["title"],
        body=text["body"],
        published_at=published_at,
        has_time=record.get("has_time", has_time),
        dateline=text["dateline"],
        lead=text["lead"],
        authors=list(record.get("authors", [])),
        editor_initials=text["editor_initials"],
        tags=list(record.get("tags", [])),
        unit_slug=text["unit"],
        status=text["status"],
        source_name=text["source_name"],
        source_url=text["source_url"],
        import_key=text["import_key"],
        slug=text["slug"],
        featured=record.get("featured"),
        operation=text["operation"],
        photos=record_photos(record),
    )


def record_photos(record):
    """Return the photos of a record as Release.photos, or None when it names none."""
    single = [field for field in PHOTO_FIELDS if field in record]
    if "photos" not in record:
        if not single:
            return None
        # The older format: one photo; an empty image removes the release's photo.
        if not record.get("image"):
            return []
        return [
            {
                "image": record["image"],
                "alt_text": record.get("image_alt") or "",
                "caption": record.get("image_caption") or "",
                "credit": record.get("image_credit") or "",
            }
        ]
    if single:
        raise ImportFailure(
            f"photos dan {', '.join(single)} tidak boleh dipakai bersama; pakai photos saja"
        )
    entries = record["photos"]
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ImportFailure("photos harus berupa daftar objek")
    photos = []
    for number, entry in enumerate(entries, start=1):
        where = f"photos[{number}]"
        if not isinstance(entry, dict):
            raise ImportFailure(f"{where} harus berupa objek")
        unknown = sorted(set(entry) - set(PHOTO_KEYS))
        if unknown:
            raise ImportFailure(f"{where}: kolom tidak dikenal: {', '.join(unknown)}")
        for key in PHOTO_KEYS:
            if entry.get(key) is not None and not isinstance(entry[key], str):
                raise ImportFailure(f"{where}: {key} harus berupa teks")
        if not entry.get("image"):
            raise ImportFailure(f"{where}: tidak ada image (nama berkas foto)")
        photos.append({name: entry.get(key) or "" for key, name in PHOTO_KEYS.items()})
    return photos


def _release(record, where):
    try:
        release = record_to_release(record)
    except ImportFailure as failure:
        return failure.at(where)
    release.origin = where
    return release


def parse_json(stream: BinaryIO, origin: str = "") -> Iterator[Release | ImportFailure]:
    """Yield a Release, or an ImportFailure naming the line or item, per record in stream."""
    reader = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = reader.read(1)
        while first and first.isspace():
            first = reader.read(1)
        if not first:
            raise ImportFailure("berkas kosong", origin)
        if first == "[":
            rest = reader.read(MAX_ARRAY_BYTES)
            if reader.read(1):
                raise ImportFailure("larik JSON terlalu besar; pakai JSON Lines", origin)
            try:
                records = json.loads(first + rest)
            except RecursionError:
                raise ImportFailure("JSON bersarang terlalu dalam", origin) from None
            except json.JSONDecodeError as error:
                raise ImportFailure(json_error(error), origin) from None
            for number, record in enumerate(records, start=1):
                yield _release(record, f"{origin}, butir {number}")
            return
        for number, line in enumerate(_lines(first, reader), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except RecursionError:
                yield ImportFailure("JSON bersarang terlalu dalam", f"{origin}, baris {number}")
                continue
            except json.JSONDecodeError as error:
                yield ImportFailure(json_error(error, number), origin)
                continue
            yield _release(record, f"{origin}, baris {number}")
    except UnicodeDecodeError:
        raise ImportFailure("JSON harus UTF-8", origin) from None
    finally:
        reader.detach()


# Python's messages for JSON syntax errors, in Indonesian (the start of each is matched).
JSON_MESSAGES = {
    "Expecting property name enclosed in double quotes": "nama kolom harus diapit tanda kutip ganda",
    "Expecting value": "nilai diharapkan di sini",
    "Expecting ',' delimiter": "tanda koma diharapkan di sini",
    "Expecting ':' delimiter": "tanda titik dua diharapkan di sini",
    "Unterminated string": "teks dalam tanda kutip tidak pernah ditutup",
    "Invalid control character": "karakter kendali (mis. baris baru) di dalam teks",
    "Extra data": "ada data lain sesudah nilai JSON",
    "Invalid \\uXXXX escape": "urutan \\u tidak sah",
    "Invalid \\escape": "urutan garis miring terbalik (\\) tidak sah",
    "Illegal trailing comma": "koma berlebih sebelum penutup",
}


def json_error(error: json.JSONDecodeError, line: int | None = None) -> str:
    """Return a JSON syntax error in Indonesian, naming its line and column."""
    reason = next(
        (text for start, text in JSON_MESSAGES.items() if error.msg.startswith(start)),
        "susunan JSON salah",
    )
    # A JSON Lines record is one line: its column is counted from the line's start.
    column = error.pos + 1 if line else error.colno
    return f"JSON tidak sah di baris {line or error.lineno}, kolom {column}: {reason}"


def _lines(first, reader):
    """Yield the lines of reader, the first one starting with the character already read."""
    line = first + reader.readline()
    while line:
        yield line
        line = reader.readline()


def article_to_record(article):
    """Return the JSON record of an article; importing it gives the same article back."""
    published_at = (
        timezone.localtime(article.published_at, article.unit.tzinfo).isoformat()
        if article.published_at
        else None
    )
    return {
        "title": article.title,
        "slug": article.slug,
        "published_at": published_at,
        "has_time": article.has_time,
        "status": article.status,
        "featured": article.featured,
        "unit": article.unit.slug,
        "authors": [author.name for author in article.authors.all()],
        "editor_initials": article.editor_initials,
        "tags": sorted(tag.name for tag in article.tags.all()),
        "dateline": article.dateline,
        "lead": article.lead,
        "body": article.body,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "import_key": article.import_key,
        "operation": article.operation.slug if article.operation_id else "",
        "photos": [
            {
                "image": photo.image.name,
                "alt": photo.alt_text,
                "caption": photo.caption,
                "credit": photo.credit,
            }
            for photo in article.photos.all()
        ],
    }
