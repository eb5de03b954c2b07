"""WordPress export files (WXR), streamed item by item and parsed without DTDs or entities.

A file is read twice: a first pass collects what items refer to but may come after them (the
export's version and site, its authors and its attachments), the second yields one Release or
Skipped per item. Neither keeps more than one item in memory.
"""

import datetime
import hashlib
import ipaddress
import os
import re
import urllib.parse
from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone

from articles.html import clean_html, html_to_text

from .base import ImportFailure, Release
from .dates import WIB
from .mojibake import repair_release, repaired_note, source_key
from .shortcodes import autop, escape_cdata, expand_shortcodes
from .text import DATELINE, EDITOR_INITIALS

# wp:status -> our status; anything else (trash, auto-draft, inherit) is skipped.
STATUSES = {
    "publish": "published",
    "future": "published",  # keeps its future date, so it stays scheduled
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
VERSIONS = {"1.0", "1.1", "1.2"}
# Every namespace WordPress has written: http and https, export 1.0, 1.1 and 1.2.
WXR_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.[012]/")
EXCERPT_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.[012]/excerpt/")
NO_CATEGORY = {"uncategorized", "tak berkategori", "tanpa kategori"}
# Post types that are not releases, named for the report.
SKIPPED_TYPES = {
    "page": "halaman",
    "attachment": "lampiran",
    "nav_menu_item": "item menu",
    "revision": "revisi",
}
# Bidirectional embeddings, overrides and isolates: in a title they can make it read as
# something else (a reversed word, a hidden extension), so they never reach one.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Hosts many unrelated exports share (a developer's machine, a test site): a post id on them
# does not name one post, so the export file is part of the key too.
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".example", ".invalid", ".lan")
EXPAT_MESSAGES = {
    "not well-formed (invalid token)": "tidak tersusun benar (token tidak sah)",
    "mismatched tag": "tag penutup tidak cocok dengan tag pembukanya",
    "no element found": "berkas berakhir sebelum semua tag ditutup",
    "unclosed token": "ada token yang tidak ditutup",
    "junk after document element": "ada teks sesudah elemen akar",
    "syntax error": "kesalahan sintaks",
    "undefined entity": "entitas tidak dikenal",
}


class Skipped:
    """An item that is not a release to import (a page, an attachment, a trashed post)."""

    def __init__(self, where, reason, kind=""):
        self.where, self.reason = where, reason
        self.kind = kind or reason  # what the report counts it as


def local(tag):
    """Return an element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def kind_of(space):
    """Return wp, excerpt, content, dc or '' for an element's namespace."""
    if EXCERPT_NAMESPACE.fullmatch(space):
        return "excerpt"
    if WXR_NAMESPACE.fullmatch(space):
        return "wp"
    if space.startswith("http://purl.org/rss/1.0/modules/content"):
        return "content"
    if space.startswith("http://purl.org/dc/elements"):
        return "dc"
    return "" if not space else "other"


def children(item):
    """Return {(namespace kind, name): [elements]}: kind is wp, content, excerpt, dc or ''."""
    found = {}
    for child in item:
        found.setdefault((kind_of(namespace(child.tag)), local(child.tag)), []).append(child)
    return found


def text_of(found, kind, name):
    elements = found.get((kind, name))
    return (elements[0].text or "").strip() if elements else ""


def raw_text_of(found, kind, name):
    """Return an element's text untrimmed inside (a body keeps its own line breaks)."""
    elements = found.get((kind, name))
    return "".join(elements[0].itertext()) if elements else ""


def wp_datetime(value, zone):
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        raise ImportFailure(f"tanggal tidak sah: {value[:40]!r}") from None


def is_local_site(site):
    """Return True for a site address many exports share (localhost, a test domain, an IP)."""
    host = (urllib.parse.urlsplit(site).hostname or "").rstrip(".").lower()
    if not host or host == "localhost" or host.endswith(LOCAL_SUFFIXES):
        return True
    if host.split(".")[-2:-1] == ["example"]:
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


class Export:
    """What the first pass learns about a file: version, site, authors, attachment files."""

    def __init__(self, origin):
        self.origin = origin
        self.version = None
        self.site = ""
        self.name = ""
        self.authors: dict[str, str] = {}
        self.attachments: dict[str, dict] = {}  # post id -> {"file", "url", "alt"}

    def key(self, post_id, guid, repeat):
        """Return the import key of a post: the site and its id (or guid), stable across runs."""
        site = self.site.strip().rstrip("/").lower()
        basis = ["wxr", site, post_id or guid]
        if is_local_site(site) or not site:
            basis.append(os.path.basename(self.origin))
        if repeat:
            basis.append(f"#{repeat}")
        return hashlib.sha256("\n".join(basis).encode()).hexdigest()


def attachment_file(attachment):
    """Return the path of an attachment inside a copy of wp-content/uploads, or ''."""
    if attachment.get("file"):
        return attachment["file"].lstrip("/")
    url = "".join(attachment.get("url", "").split())
    if "/wp-content/uploads/" in url:
        return urllib.parse.unquote(url.split("/wp-content/uploads/", 1)[1].split("?")[0])
    parts = urllib.parse.urlsplit(url)
    if (parts.hostname or "").endswith(".files.wordpress.com"):
        return urllib.parse.unquote(parts.path.lstrip("/"))
    return ""


def scan(stream, origin):
    """First pass: return the Export of a WXR stream, or raise ImportFailure for a bad file."""
    export = Export(origin)
    depth, root = 0, None
    for event, element in _events(stream, origin):
        if event == "start":
            if root is None:
                root = local(element.tag)
                if root != "rss":
                    raise ImportFailure(
                        f"bukan ekspor WordPress (WXR): elemen akarnya <{root}>, bukan <rss>",
                        origin,
                    )
            depth += 1
            continue
        depth -= 1
        name, kind = local(element.tag), kind_of(namespace(element.tag))
        if name == "item":
            found = children(element)
            if text_of(found, "wp", "post_type") == "attachment":
                post_id = _post_id(found)[0]
                alt = ""
                attached = ""
                for meta in found.get(("wp", "postmeta"), []):
                    meta_found = children(meta)
                    key = text_of(meta_found, "wp", "meta_key")
                    if key == "_wp_attached_file":
                        attached = text_of(meta_found, "wp", "meta_value")
                    elif key == "_wp_attachment_image_alt":
                        alt = text_of(meta_found, "wp", "meta_value")
                export.attachments[post_id] = {
                    "file": attached,
                    "url": text_of(found, "wp", "attachment_url"),
                    "alt": alt,
                }
            element.clear()
        elif depth == 2 and kind == "wp" and name == "wxr_version":
            export.version = (element.text or "").strip()
        elif depth == 2 and kind == "wp" and name in ("base_blog_url", "base_site_url"):
            # The blog's own address first: a WordPress network shares its base_site_url.
            if name == "base_blog_url" or not export.site:
                export.site = (element.text or "").strip()
        elif depth == 2 and kind == "" and name == "link" and not export.site:
            export.site = (element.text or "").strip()
        elif depth == 2 and kind == "" and name == "title" and not export.name:
            export.name = " ".join((element.text or "").split())
        elif depth == 2 and kind == "wp" and name == "author":
            found = children(element)
            login = text_of(found, "wp", "author_login")
            if login:
                export.authors[login] = text_of(found, "wp", "author_display_name") or login
            element.clear()
    if export.version is None:
        raise ImportFailure("bukan ekspor WordPress yang sah: tidak ada <wp:wxr_version>", origin)
    if export.version not in VERSIONS:
        raise ImportFailure(
            f"versi WXR tidak sah: {export.version[:20]!r} (yang dikenal: 1.0, 1.1, 1.2)", origin
        )
    return export


def _events(stream, origin):
    """Yield iterparse's start and end events; raise ImportFailure, in Indonesian, on bad XML."""
    try:
        yield from iterparse(stream, events=("start", "end"), forbid_dtd=True)
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        message = str(error).split(":", 1)[0]
        reason = EXPAT_MESSAGES.get(message, message)
        raise ImportFailure(
            f"XML rusak di baris {line}, kolom {column + 1}: {reason}", origin
        ) from None
    except DefusedXmlException as error:
        raise ImportFailure(f"XML ditolak demi keamanan: {type(error).__name__}", origin) from None


def _post_id(found):
    """Return (post id, conflicting ids): the last wp:post_id wins, as WordPress's own parser."""
    ids = [(element.text or "").strip() for element in found.get(("wp", "post_id"), [])]
    ids = [value for value in ids if value]
    if not ids:
        return "", []
    return ids[-1], list(dict.fromkeys(ids))


def item_release(item, export, where, seen_ids=None, media=None):
    """Return the Release in one <item>, or Skipped.

    seen_ids counts the post ids met so far in the file (a repeated id gets its own key and a
    doubt, never overwriting the first); media is a copy of wp-content/uploads, or None.
    """
    found = children(item)
    post_type = text_of(found, "wp", "post_type")
    if not post_type:
        return Skipped(where, "butir tanpa wp:post_type (bukan pos WordPress)", "tanpa jenis")
    if post_type != "post":
        kind = SKIPPED_TYPES.get(post_type, f"jenis {post_type}")
        return Skipped(where, f"bukan pos (post_type {post_type})", kind)
    wp_status = text_of(found, "wp", "status") or "publish"
    if wp_status not in STATUSES:
        return Skipped(where, f"status {wp_status}", f"status {wp_status}")
    notes, doubts = [], []
    post_id, ids = _post_id(found)
    if len(ids) > 1:
        notes.append(f"pos ini punya beberapa wp:post_id ({', '.join(ids)}); dipakai {post_id}")
    repeat = 0
    if seen_ids is not None and post_id:
        repeat = seen_ids.get(post_id, 0)
        seen_ids[post_id] = repeat + 1
        if repeat:
            doubts.append(
                f"wp:post_id {post_id} sudah dipakai butir lain di berkas ini; "
                "diimpor sebagai rilis tersendiri"
            )
    # WordPress keeps titles, excerpts and term names as HTML ("Polisi &amp; Warga").
    title = html_to_text(text_of(found, "", "title"))
    if BIDI_CONTROLS.search(title):
        title = " ".join(BIDI_CONTROLS.sub("", title).split())
        notes.append("karakter pengatur arah teks (bidi) dibuang dari judul")
    content = raw_text_of(found, "content", "encoded").replace("\r\n", "\n")
    content, shortcode_notes = expand_shortcodes(escape_cdata(content))
    notes.extend(shortcode_notes)
    body = autop(content)
    if not html_to_text(clean_html(body)):
        doubts.append("isi kosong di WordPress")
        body = ""
    if not title:
        words = html_to_text(body).split()
        title = " ".join(words[:12]) or f"Tanpa judul (pos WordPress {post_id or '?'})"
        doubts.append("judul kosong di WordPress; judul sementara diambil dari isi")
    status = STATUSES[wp_status]
    published_at = wp_datetime(text_of(found, "wp", "post_date_gmt"), datetime.UTC)
    if published_at is None:
        published_at = wp_datetime(text_of(found, "wp", "post_date"), WIB)
        if published_at is not None:
            notes.append("tanpa post_date_gmt: waktu lokal WordPress dibaca sebagai WIB")
    if status == "published" and published_at is None:
        doubts.append("tanpa tanggal terbit di WordPress")
    if wp_status == "future" and published_at and published_at <= timezone.now():
        status = "draft"
        notes.append("terjadwal di WordPress tetapi waktunya sudah lewat: diimpor sebagai draf")
    if text_of(found, "wp", "post_password"):
        status = "draft"
        notes.append("dilindungi kata sandi di WordPress: diimpor sebagai draf, tidak terbit")
    if wp_status == "private":
        notes.append("pos pribadi di WordPress: diimpor sebagai draf")
    sticky = found.get(("wp", "is_sticky"))
    release = Release(
        title=title,
        body=body,
        published_at=published_at,
        status=status,
        lead=html_to_text(text_of(found, "excerpt", "encoded")),
        source_name=export.name,
        site_name=export.name,
        source_url="".join(text_of(found, "", "link").split()),
        import_key=export.key(post_id, text_of(found, "", "guid"), repeat),
        featured=(text_of(found, "wp", "is_sticky") == "1") if sticky else None,
        origin=where,
    )
    creator = text_of(found, "dc", "creator")
    if creator:
        release.authors = [export.authors.get(creator, creator)]
        if export.authors and creator not in export.authors:
            notes.append(f"wartawan {creator!r} tidak ada di daftar penulis ekspor")
    else:
        notes.append("tanpa wartawan (dc:creator)")
    _terms(found, release)
    _photos(found, export, media, release, notes, doubts)
    release.notes.extend(notes)
    release.doubts.extend(doubts)
    # The dateline and the initials are read from repaired text: a mangled dash hides them.
    repaired, labels, _broken = repair_release(release)
    _dateline_and_initials(release)
    if labels:
        _dateline_and_initials(repaired)
        repaired.notes.append(repaired_note(labels))
        repaired.import_key = source_key(release)
    return repaired


def _terms(found, release):
    """Add categories (unit candidates and tags) and tags, each term once.

    A term is (domain, slug): WXR 1.0 writes every term twice, once without its slug.
    """
    seen = set()
    for category in found.get(("", "category"), []):
        domain = category.get("domain", "category")
        if domain == "tag":  # WXR 1.0
            domain = "post_tag"
        if domain not in ("category", "post_tag"):
            continue
        name = html_to_text(category.text or "")
        if not name or (domain, name.casefold()) in seen:
            continue
        seen.add((domain, name.casefold()))
        if name.casefold() in NO_CATEGORY:
            continue
        if domain == "category":
            release.unit_names.append(name)
        release.tags.append(name)


def _photos(found, export, media, release, notes, doubts):
    """Resolve the featured image (_thumbnail_id) to a file; note the body images dropped."""
    thumbnail = ""
    for meta in found.get(("wp", "postmeta"), []):
        meta_found = children(meta)
        if text_of(meta_found, "wp", "meta_key") == "_thumbnail_id":
            thumbnail = text_of(meta_found, "wp", "meta_value")
    if thumbnail:
        attachment = export.attachments.get(thumbnail)
        path = attachment_file(attachment) if attachment else ""
        if not path:
            doubts.append(f"foto utama (lampiran {thumbnail}) tidak ada di ekspor; tidak terbawa")
        elif media is None:
            doubts.append(f"foto utama tidak terbawa (tanpa --media): {path}")
        else:
            full = os.path.join(media, path)
            if os.path.isfile(full) and _inside(media, full):
                release.photo_file = {
                    "file": full,
                    "alt_text": attachment.get("alt", ""),
                    "caption": "",
                    "credit": "",
                }
            else:
                doubts.append(f"foto utama tidak ada di folder --media: {path}")
    images = body_images(raw_text_of(found, "content", "encoded"), export, media)
    if images:
        names = ", ".join(path or src for src, path in images[:5])
        more = f" dan {len(images) - 5} lainnya" if len(images) > 5 else ""
        notes.append(f"{len(images)} gambar di isi tidak ditampilkan di isi rilis: {names}{more}")


IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
IMG_ID = re.compile(r"\bwp-image-(\d+)\b")


def body_images(content, export, media=None):
    """Return [(src, path in the uploads copy or '')] of the images in a post's body.

    The sanitiser allows no <img> in a release, so these never stay in the body; this list is
    what a photo set can take from `media` (each path checked to exist there).
    """
    found = []
    for tag in IMG.findall(content or ""):
        match = IMG_SRC.search(tag)
        src = "".join(next((g for g in match.groups() if g), "").split()) if match else ""
        if not src or src.startswith("data:"):
            continue
        attachment = None
        by_id = IMG_ID.search(tag)
        if by_id:
            attachment = export.attachments.get(by_id.group(1))
        path = attachment_file(attachment or {"url": src})
        if path and media is not None:
            full = os.path.join(media, path)
            path = full if os.path.isfile(full) and _inside(media, full) else ""
        elif media is not None:
            path = ""
        found.append((src, path))
    return found


def _inside(folder, path):
    """Return True if path is inside folder (no ../ out of the uploads copy)."""
    folder = os.path.realpath(folder)
    return os.path.commonpath([folder, os.path.realpath(path)]) == folder


def _dateline_and_initials(release):
    """Move a leading "Jember -" to the dateline and a final "(AR)" to the editor's initials."""
    body = release.body.strip()
    if body.startswith("<p>"):
        dateline = DATELINE.match(body[3:])
        if dateline:
            release.dateline = dateline.group("place").title()
            body = "<p>" + body[3 + dateline.end() :]
    closing = "</p>" if body.endswith("</p>") else ""
    inner = body[: len(body) - len(closing)]
    initials = EDITOR_INITIALS.search(inner)
    if initials:
        release.editor_initials = initials.group("initials")
        body = inner[: initials.start()].rstrip() + closing
    release.body = body


def parse_wxr(
    stream: BinaryIO, origin: str = "", media: str | None = None
) -> Iterator[Release | Skipped | ImportFailure]:
    """Yield a Release, Skipped or ImportFailure per item of a WXR stream.

    The stream is read twice (see the module's docstring); items are handled as they arrive
    and then dropped, so memory does not grow with the export. DTDs, entities and external
    references are refused. A file that is not a WordPress export, or not well-formed XML, is
    refused whole before any of its items is yielded.
    """
    export = scan(stream, origin)
    stream.seek(0)
    number, depth_in_item, seen_ids = 0, 0, {}
    stack = []
    for event, element in _events(stream, origin):
        if event == "start":
            stack.append(element)
            if local(element.tag) == "item":
                depth_in_item += 1
            continue
        stack.pop()
        if local(element.tag) == "item":
            depth_in_item -= 1
            number += 1
            where = f"{origin}, butir {number}"
            try:
                yield item_release(element, export, where, seen_ids, media)
            except ImportFailure as failure:
                yield failure.at(where)
            if stack:
                stack[-1].remove(element)
        elif not depth_in_item and len(stack) == 2:
            stack[-1].remove(element)
