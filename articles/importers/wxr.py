"""WordPress export files (WXR), streamed item by item and parsed without DTDs or entities."""

import datetime
import re
from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.html import strip_tags

from articles.html import html_to_text

from .base import ImportFailure, Release
from .dates import WIB
from .mojibake import repair_release, repaired_note, source_key
from .text import DATELINE, EDITOR_INITIALS

# wp:status -> our status; anything else (trash, auto-draft, inherit) is skipped.
STATUSES = {
    "publish": "published",
    "future": "published",  # keeps its future date, so it stays scheduled
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
NO_CATEGORY = {"uncategorized", "tak berkategori", "tanpa kategori"}
BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|ul|ol|blockquote|figure|table)[\s>]", re.IGNORECASE)


class Skipped:
    """An item that is not a release to import (a page, an attachment, a trashed post)."""

    def __init__(self, where, reason):
        self.where, self.reason = where, reason


def local(tag):
    """Return an element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(item):
    """Return {(namespace kind, name): [elements]}: kind is wp, content, excerpt, dc or ''."""
    found = {}
    for child in item:
        space = namespace(child.tag)
        kind = (
            "excerpt"
            if "excerpt" in space
            else "wp"
            if space.startswith("http://wordpress.org/export/")
            else "content"
            if space.startswith("http://purl.org/rss/1.0/modules/content")
            else "dc"
            if space.startswith("http://purl.org/dc/elements")
            else ""
        )
        found.setdefault((kind, local(child.tag)), []).append(child)
    return found


def text_of(found, kind, name):
    elements = found.get((kind, name))
    return (elements[0].text or "").strip() if elements else ""


def autop(content):
    """Return WordPress content with paragraphs, as WordPress shows it (a small wpautop)."""
    if BLOCK_TAG.search(content):
        return content
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", content.replace("\r\n", "\n"))]
    return "\n".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs if part)


def wp_datetime(value, zone):
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        raise ImportFailure(f"tanggal tidak sah: {value[:40]!r}") from None


def item_release(item, authors, site_name, where):
    """Return the Release in one <item>, or Skipped."""
    found = children(item)
    post_type = text_of(found, "wp", "post_type") or "post"
    if post_type != "post":
        return Skipped(where, f"bukan pos (post_type {post_type})")
    wp_status = text_of(found, "wp", "status") or "publish"
    if wp_status not in STATUSES:
        return Skipped(where, f"status {wp_status}")
    # WordPress keeps titles, excerpts and term names as HTML ("Polisi &amp; Warga").
    title = html_to_text(text_of(found, "", "title"))
    if not title:
        raise ImportFailure("tidak ada judul")
    body = autop(text_of(found, "content", "encoded"))
    if not strip_tags(body).strip():
        raise ImportFailure("tidak ada isi")
    published_at = wp_datetime(text_of(found, "wp", "post_date_gmt"), datetime.UTC)
    if published_at is None:
        published_at = wp_datetime(text_of(found, "wp", "post_date"), WIB)
    release = Release(
        title=title,
        body=body,
        published_at=published_at,
        status=STATUSES[wp_status],
        lead=html_to_text(text_of(found, "excerpt", "encoded")),
        source_name=site_name,
        source_url=text_of(found, "", "link"),
        origin=where,
    )
    creator = text_of(found, "dc", "creator")
    if creator:
        release.authors = [authors.get(creator, creator)]
    for category in found.get(("", "category"), []):
        name = html_to_text(category.text or "")
        if not name or name.casefold() in NO_CATEGORY:
            continue
        if category.get("domain") == "category":
            release.unit_names.append(name)
            release.tags.append(name)
        elif category.get("domain") == "post_tag":
            release.tags.append(name)
    # The dateline and the initials are read from repaired text: a mangled dash hides them.
    repaired, labels, _broken = repair_release(release)
    _dateline_and_initials(release)
    if labels:
        _dateline_and_initials(repaired)
        repaired.notes.append(repaired_note(labels))
        repaired.import_key = source_key(release)
    return repaired


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


def parse_wxr(stream: BinaryIO, origin: str = "") -> Iterator[Release | Skipped | ImportFailure]:
    """Yield a Release, Skipped or ImportFailure per item of a WXR stream.

    Items are handled as they arrive and then dropped, so memory does not grow
    with the export. DTDs, entities and external references are refused.
    """
    authors, site_name, number, depth_in_item = {}, "", 0, 0
    stack = []
    try:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if not stack and local(element.tag) != "rss":
                    raise ImportFailure("bukan ekspor WordPress (WXR): akarnya bukan <rss>", origin)
                stack.append(element)
                if local(element.tag) == "item":
                    depth_in_item += 1
                continue
            stack.pop()
            name = local(element.tag)
            if name == "item":
                depth_in_item -= 1
                number += 1
                where = f"{origin}, butir {number}"
                try:
                    yield item_release(element, authors, site_name, where)
                except ImportFailure as failure:
                    yield failure.at(where)
                if stack:
                    stack[-1].remove(element)
            elif depth_in_item:
                continue
            elif name == "title" and len(stack) == 2 and not site_name:
                site_name = " ".join((element.text or "").split())
            elif name == "author" and namespace(element.tag).startswith("http://wordpress.org"):
                found = children(element)
                login = text_of(found, "wp", "author_login")
                if login:
                    authors[login] = text_of(found, "wp", "author_display_name") or login
                stack[-1].remove(element)
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ImportFailure(f"XML rusak di baris {line}, kolom {column}", origin) from None
    except DefusedXmlException as error:
        raise ImportFailure(f"XML ditolak demi keamanan: {type(error).__name__}", origin) from None
