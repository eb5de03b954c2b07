"""Preparing a release: check it, resolve its unit, and hash what would be written."""

import dataclasses
import datetime
import functools
import hashlib
import json
import re

import PIL.Image
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify

from articles.html import clean_html, find_unclosed, html_to_text
from articles.images import RENDITIONS
from articles.models import Article, Unit
from operations.importing import operation_fields
from screening.checks import import_notes

from .base import ImportFailure, Release, import_key
from .dates import WIB
from .mojibake import repair_release, repaired_note, source_key
from .units import UnitMatcher, UnknownUnit

STATUSES = {choice.value for choice in Article.Status}
# A photo's name as Article.image stores it (see image_upload_to): only such files,
# already in storage, may be named by an import.
PHOTO_NAME = re.compile(r"releases/[0-9a-f]{2}/[0-9a-f]{32}\.(?:jpg|png|webp)")


@dataclasses.dataclass
class Prepared:
    """A release checked and resolved against the database, ready to write."""

    key: str
    digest: str
    fields: dict
    authors: list[str]
    tags: list[str]
    origin: str
    slug: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)  # for the report
    # The Photo fields of each photo, in order; None = keep the article's photos.
    photos: list[dict] | None = None

    @property
    def label(self) -> tuple[str, str]:
        """Return (origin, title): how the release is named in the report."""
        return self.origin, self.fields["title"]


def prepare(
    release: Release,
    matcher: UnitMatcher,
    *,
    unit: Unit | None = None,
    status: str | None = None,
    create_units: bool = False,
) -> Prepared:
    """Return the release validated and resolved; raise ImportFailure naming the problem.

    unit and status, if given, override the release's own. A release naming a unit
    not in the database is refused, or with create_units the unit is created (see
    UnitMatcher.create). A release with doubts (Release.doubts, or its unit taken
    from the default) is held for review, never published on a guess.
    """
    source = release
    release, repaired, broken = repair_release(release)
    notes = list(release.notes)
    if repaired:
        notes.append(repaired_note(repaired))
    title = _limited(" ".join(release.title.split()), 300, "judul")
    if not title:
        raise ImportFailure("tidak ada judul")
    unclosed = find_unclosed(release.body)
    body = clean_html(release.body)
    if not html_to_text(body).strip():
        raise ImportFailure("isi rilis kosong (setelah dibersihkan)")
    status = status or release.status or Article.Status.PUBLISHED
    if status not in STATUSES:
        raise ImportFailure(f"status tidak dikenal: {status}")
    published_at = release.published_at
    if published_at is not None and timezone.is_naive(published_at):
        raise ImportFailure("waktu terbit tanpa zona waktu")
    if status == Article.Status.PUBLISHED and published_at is None:
        raise ImportFailure("rilis terbit tanpa tanggal terbit")
    # Never published with a guess: an editor looks first.
    held = status == Article.Status.PUBLISHED and (broken or unclosed)
    if held:
        status = Article.Status.REVIEW
    then = "; diimpor untuk ditinjau editor, tidak diterbitkan" if held else ""
    if broken:
        notes.append(
            f"teks tampak rusak (salah pengodean) dan tidak dapat diperbaiki: "
            f"{', '.join(broken)}{then}"
        )
    if unclosed:
        notes.append(
            f"isi: tag {unclosed.tag} di baris {unclosed.line} tidak pernah ditutup; tag itu "
            f"dibuang dan teks sesudahnya dipertahankan{then}"
        )
    source_url = _limited(release.source_url, 500, "alamat sumber")
    if source_url and not valid_url(source_url):
        raise ImportFailure(f"alamat sumber tidak sah: {source_url[:80]}")
    doubts = list(release.doubts)
    if release.unit_slug and not unit:
        unit = matcher.by_slug.get(release.unit_slug)
        if unit is None:
            raise ImportFailure(f"satuan dengan slug '{release.unit_slug}' tidak ada")
    elif unit is None:
        try:
            unit, unit_doubts = matcher.resolve(release)
        except UnknownUnit as unknown:
            if not create_units:
                raise ImportFailure(unknown.reason) from None
            unit, unit_doubts = matcher.create(unknown.mention, release)
        doubts.extend(unit_doubts)
    if doubts and status == Article.Status.PUBLISHED:
        # Never published on a guess: an editor looks first.
        status = Article.Status.REVIEW
        notes.extend(
            f"perlu dicek: {doubt}; diimpor untuk ditinjau editor, tidak diterbitkan"
            for doubt in doubts
        )
    elif doubts:
        notes.extend(f"perlu dicek: {doubt}" for doubt in doubts)
    if (
        not release.zone_given
        and release.has_time
        and published_at is not None
        and unit.time_zone != WIB.key
    ):
        # A time written without its zone is the unit's local time (WITA in Kalimantan Timur).
        published_at = published_at.replace(tzinfo=unit.tzinfo)
    slug = release.slug.strip()
    if slug and (slugify(slug) != slug or len(slug) > 300):
        raise ImportFailure(f"slug tidak sah: {slug[:80]}")
    authors = list(
        dict.fromkeys(
            _limited(" ".join(name.split()), 200, "nama wartawan") for name in release.authors
        )
    )
    # A WordPress category that named the unit is not a tag as well.
    tags = [tag for tag in map(normalise_tag, release.tags) if tag and tag != unit.name.lower()]
    tags = list(dict.fromkeys(tags))
    fields = {
        "title": title,
        "body": body,
        "lead": (release.lead or "").strip(),
        "dateline": _limited(release.dateline, 100, "tempat berita"),
        "editor_initials": _limited(release.editor_initials, 100, "editor"),
        "status": status,
        "published_at": published_at,
        "has_time": bool(release.has_time),
        "unit_id": unit.pk,
        "source_name": _limited(release.source_name, 200, "nama sumber"),
        "source_url": source_url,
    }
    if release.featured is not None:
        fields["featured"] = bool(release.featured)
    photos = None if release.photos is None else photo_rows(release.photos)
    # Issue 14: the operation the release belongs to, and the pre-publication check's findings.
    fields.update(operation_fields(release.operation, fields))
    notes.extend(import_notes(fields, photos))
    if source is release:
        key = import_key(dataclasses.replace(release, title=title, body=body))
    else:
        key = source_key(source)
    content = {
        **fields,
        "published_at": published_at.astimezone(datetime.UTC).isoformat() if published_at else None,
        "unit_id": unit.slug,
        "featured": bool(release.featured),
        **photos_content(photos),
        # The database keeps no order of reporters and tags: compare them as sets.
        "authors": sorted(name.casefold() for name in authors),
        "tags": sorted(tags),
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    fields["import_key"] = key
    fields["import_hash"] = digest
    authors = [a for a in authors if a]
    return Prepared(key, digest, fields, authors, tags, release.origin, slug, notes, photos)


def normalise_tag(name: str) -> str:
    """Return a tag as stored: lower case, without '#', single spaces, at most 100 characters."""
    return " ".join(name.replace("#", " ").split()).lower()[:100]


@functools.lru_cache(maxsize=1024)
def valid_url(url: str) -> bool:
    """Return True if url is an http(s) address; a portal's home page repeats, hence the cache."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def photos_content(photos: list[dict] | None) -> dict:
    """Return the photos as the content hash sees them: names and texts, in order.

    The main photo keeps the keys the hash had when a release had one photo, so a
    re-import of releases written then finds them unchanged.
    """
    main = (photos or [{}])[0]
    content = {
        "image": main.get("image", ""),
        "image_width": None,
        "image_height": None,
        "renditions": None,
        "image_alt": main.get("alt_text", ""),
        "image_caption": main.get("caption", ""),
        "image_credit": main.get("credit", ""),
    }
    if photos and len(photos) > 1:
        content["photos"] = [
            [photo["image"], photo["alt_text"], photo["caption"], photo["credit"]]
            for photo in photos[1:]
        ]
    return content


def photo_rows(photos: list[dict]) -> list[dict]:
    """Return the Photo fields of photos already in storage (an export's photos), in order.

    Size and renditions are read back from the stored files that
    articles.images.store() wrote beside each; an import never takes a file
    name it did not check.
    """
    rows = []
    for number, photo in enumerate(photos, start=1):
        where = f"foto ke-{number}"
        name = photo.get("image") or ""
        if not PHOTO_NAME.fullmatch(name) or not default_storage.exists(name):
            raise ImportFailure(f"{where}: foto tidak ada di penyimpanan situs ini: {name[:80]}")
        stem = name.rsplit(".", 1)[0]
        renditions = {}
        for rendition in RENDITIONS:
            for key, extension in (("jpeg", "jpg"), ("webp", "webp")):
                stored = f"{stem}-{rendition}.{extension}"
                if default_storage.exists(stored):
                    entry = renditions.setdefault(rendition, {})
                    entry[key] = stored
                    if "width" not in entry:
                        entry["width"], entry["height"] = _image_size(stored)
        width, height = _image_size(name)
        rows.append(
            {
                "image": name,
                "alt_text": _limited(photo.get("alt_text"), 300, f"{where}: teks alternatif"),
                "caption": _limited(photo.get("caption"), 500, f"{where}: keterangan"),
                "credit": _limited(photo.get("credit"), 200, f"{where}: kredit"),
                "order": number - 1,
                "width": width,
                "height": height,
                "file_size": default_storage.size(name),
                "renditions": renditions,
            }
        )
    return rows


def _image_size(name):
    with default_storage.open(name) as stream:
        try:
            return PIL.Image.open(stream).size
        except (OSError, PIL.UnidentifiedImageError):
            raise ImportFailure(f"foto tidak dapat dibaca: {name[:80]}") from None


def _limited(value, length, label):
    value = (value or "").strip()
    if len(value) > length:
        raise ImportFailure(f"{label} lebih dari {length} karakter")
    return value
