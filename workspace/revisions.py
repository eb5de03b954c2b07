"""Two saved versions of a release side by side: what changed, field by field, in words."""

import difflib
import re

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Photo, Unit


def words(html):
    """Return the words of a text or of HTML, as a reader sees them."""
    return re.findall(r"\S+", strip_tags(html or "").replace("&nbsp;", " "))


def word_diff(old, new):
    """Return two HTML fragments: the old text with removals marked, the new with additions."""
    before, after = words(old), words(new)
    left, right = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        old_part, new_part = " ".join(before[a1:a2]), " ".join(after[b1:b2])
        if op == "equal":
            left.append(format_html("{}", old_part))
            right.append(format_html("{}", new_part))
            continue
        if old_part:
            left.append(format_html("<del>{}</del>", old_part))
        if new_part:
            right.append(format_html("<ins>{}</ins>", new_part))
    join = lambda parts: format_html_join(" ", "{}", ((part,) for part in parts))  # noqa: E731
    return join(left), join(right)


def photo_label(fields):
    """Return a photo of a version as text: its file's name, and its caption if it has one."""
    name = str(fields.get("image") or "").rsplit("/", 1)[-1]
    caption = fields.get("caption") or ""
    return f"{name} ({caption})" if caption else name


def snapshot(version):
    """Return what a reader and an editor care about in one version, as display text."""
    fields = version.field_dict
    unit = Unit.objects.filter(pk=fields.get("unit_id") or fields.get("unit")).first()
    authors = Author.objects.filter(pk__in=fields.get("authors") or []).order_by("name")
    tag_ids = [
        item.field_dict.get("tag_id") or item.field_dict.get("tag")
        for item in version.revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(TaggedItem)
        )
    ]
    tags = Tag.objects.filter(pk__in=tag_ids).order_by("name")
    # The release's photos as they were (reversion follows them), the main one first.
    photo_versions = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(Photo)
    )
    photos = sorted(
        (
            item.field_dict
            for item in photo_versions
            if str(item.field_dict.get("article_id", item.field_dict.get("article")))
            == str(version.object_id)
        ),
        key=lambda photo: (photo.get("order") or 0, str(photo.get("image") or "")),
    )
    status = fields.get("status")
    published_at = fields.get("published_at")
    when = "—"
    if published_at is not None:
        local = timezone.localtime(published_at, unit.tzinfo if unit else None)
        pattern = "%d-%m-%Y %H.%M" if fields.get("has_time", True) else "%d-%m-%Y"
        when = f"{local.strftime(pattern)} {unit.time_zone_label if unit else ''}".strip()
    status_label = Article.Status(status).label if status in Article.Status.values else status
    if status == Article.Status.PUBLISHED and published_at and published_at > timezone.now():
        status_label = _("Terjadwal")
    return {
        "title": fields.get("title", ""),
        "lead": fields.get("lead", ""),
        "body": fields.get("body", ""),
        "unit": str(unit) if unit else "—",
        "authors": ", ".join(a.name for a in authors) or "—",
        "tags": ", ".join(t.name for t in tags) or "—",
        "image": "; ".join(photo_label(photo) for photo in photos) or "—",
        "status": f"{status_label} · {when}",
    }


ROWS = [
    ("title", _("Judul")),
    ("lead", _("Ringkasan")),
    ("body", _("Isi")),
    ("unit", _("Satuan")),
    ("authors", _("Wartawan")),
    ("tags", _("Tag")),
    ("image", _("Foto (yang pertama foto utama)")),
    ("status", _("Status dan waktu terbit")),
]


def compare(old_version, new_version):
    """Return rows (label, old, new, changed) comparing two versions of one release."""
    old, new = snapshot(old_version), snapshot(new_version)
    rows = []
    for key, label in ROWS:
        changed = old[key] != new[key]
        if key in ("title", "lead", "body") and changed:
            left, right = word_diff(old[key], new[key])
        elif key == "body":
            left = right = format_html("{}", " ".join(words(old[key])))
        else:
            left, right = old[key], new[key]
        rows.append({"label": label, "old": left, "new": right, "changed": changed})
    return rows
