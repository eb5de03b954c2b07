"""Preparing a release: check it, resolve its unit, and hash what would be written."""

import dataclasses
import datetime
import functools
import hashlib
import json
import re
import urllib.parse

import PIL.Image
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify

from articles import images
from articles.html import clean_html, find_unclosed, html_to_text
from articles.images import RENDITIONS
from articles.models import Article, Unit
from operations.importing import operation_fields
from screening.checks import import_notes

from .base import ImportFailure, Release, import_key, is_own_url
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
    doubts: list[str] = dataclasses.field(default_factory=list)  # what an editor must check
    held: bool = False  # imported for review instead of published, because of the doubts
    # A photo file to check and store as the main photo when the release is written (a
    # WXR's featured image from --media): file, alt_text, caption, credit.
    photo_file: dict | None = None
    unit_name: str = ""
    # The key is the source's own name of the release (a WordPress post id, an export's key,
    # the release's address), not a hash of its text: a near-copy from the same source is
    # then another release, never a corrected copy.
    keyed_by_source: bool = False

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
    publish_unsure: bool = False,
    create_units: bool = False,
) -> Prepared:
    """Return the release validated and resolved; raise ImportFailure naming the problem.

    unit and status, if given, override the release's own. A release naming a unit not in the
    database is refused, or with create_units the unit is created (see UnitMatcher.create). A
    release the importer is unsure of (its doubts, its unit taken from the default among them)
    is imported for review, not published, unless publish_unsure.
    """
    source = release
    release, repaired, broken = repair_release(release)
    notes = list(release.notes)
    doubts = list(release.doubts)
    if repaired:
        notes.append(repaired_note(repaired))
    title = _limited(" ".join(release.title.split()), 300, "judul")
    if not title:
        raise ImportFailure("tidak ada judul")
    unclosed = find_unclosed(release.body)
    body = clean_html(release.body)
    if not html_to_text(body).strip() and not doubts:
        raise ImportFailure("isi rilis kosong (setelah dibersihkan)")
    status = status or release.status or Article.Status.PUBLISHED
    if status not in STATUSES:
        raise ImportFailure(f"status tidak dikenal: {status}")
    published_at = release.published_at
    if published_at is not None and timezone.is_naive(published_at):
        raise ImportFailure("waktu terbit tanpa zona waktu")
    if status == Article.Status.PUBLISHED and published_at is None and not doubts:
        raise ImportFailure("rilis terbit tanpa tanggal terbit")
    source_url = _limited(release.source_url, 500, "alamat sumber")
    if source_url:
        source_url = ascii_host(source_url)
        if not valid_url(source_url):
            doubts.append(f"alamat sumber tidak sah, dibuang: {release.source_url[:80]}")
            source_url = ""
    photo_file, photo_digest = None, ""
    if release.photo_file and release.photo_file.get("file"):
        path = release.photo_file["file"]
        try:
            with open(path, "rb") as stream:
                data = stream.read(images.MAX_BYTES + 1)
            images.clean_bytes(data)
            photo_digest = "file:" + hashlib.sha256(data).hexdigest()
            photo_file = release.photo_file
        except OSError as error:
            doubts.append(f"foto utama tidak dapat dibaca: {path[-80:]} ({error.strerror})")
        except ValidationError as error:
            doubts.append(f"foto utama ditolak: {path[-80:]}: {' '.join(error.messages)}")
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
    if (
        not release.zone_given
        and release.has_time
        and published_at is not None
        and unit.time_zone != WIB.key
    ):
        # A time written without its zone is the unit's local time (WITA in Kalimantan Timur).
        published_at = published_at.replace(tzinfo=unit.tzinfo)
    # Never published with a guess: an editor looks first.
    unsure = bool(broken or unclosed or doubts)
    held = status == Article.Status.PUBLISHED and unsure
    if held and published_at is not None and publish_unsure:
        held = False
    if held:
        status = Article.Status.REVIEW
    if broken:
        doubts.append(
            f"teks tampak rusak (salah pengodean) dan tidak dapat diperbaiki: {', '.join(broken)}"
        )
    if unclosed:
        doubts.append(
            f"isi: tag {unclosed.tag} di baris {unclosed.line} tidak pernah ditutup; tag itu "
            f"dibuang dan teks sesudahnya dipertahankan"
        )
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
    fields["import_notes"] = "\n".join([*(f"Perlu dicek: {doubt}" for doubt in doubts), *notes])
    fields["import_unsure"] = unsure
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
        # A photo file brought in (--media) counts by its bytes: the same file, unchanged.
        **({"image": photo_digest} if photo_digest else {}),
        # The database keeps no order of reporters and tags: compare them as sets.
        "authors": sorted(name.casefold() for name in authors),
        "tags": sorted(tags),
    }
    # The notes follow from the source, which the hash covers; left out, the hashes of
    # releases imported before notes existed stay valid, and a JSON export (which carries no
    # notes) of an imported release imports back unchanged.
    del content["import_notes"], content["import_unsure"]
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    fields["import_key"] = key
    fields["import_hash"] = digest
    authors = [a for a in authors if a]
    return Prepared(
        key,
        digest,
        fields,
        authors,
        tags,
        release.origin,
        slug,
        notes,
        photos,
        doubts=doubts,
        held=held,
        photo_file=photo_file,
        unit_name=unit.name,
        keyed_by_source=bool(release.import_key)
        or bool(release.source_url and is_own_url(release.source_url)),
    )


def ascii_host(url: str) -> str:
    """Return url with an internationalised host (IDN, emoji) in its ASCII (punycode) form."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = parts.hostname or ""
        if host.isascii():
            return url.strip()
        ascii_name = host.encode("idna").decode("ascii")
        netloc = parts.netloc.replace(host, ascii_name)
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    except (ValueError, UnicodeError):
        return url


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
