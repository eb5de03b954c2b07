"""Text decoded twice somewhere upstream ("CafÃ©", "â€œ"): repaired by ftfy, or held for review."""

import dataclasses

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import UTF8_DETECTOR_RE

from articles.html import clean_html

from .base import Release, import_key

# Encoding repairs only. Entities are left for the HTML sanitiser, and quotes, widths, ligatures
# and Unicode normalisation are left alone, so correct text comes through byte for byte. No
# guessing that a space was a lost no-break space either: that reads a broken closing quote
# and its space, "â€ ", as a dagger "†".
ENCODING_ONLY = ftfy.TextFixerConfig(
    restore_byte_a0=False,
    # ftfy's own pass over mojibake inside correct text guesses lost no-break spaces whatever
    # the settings; repair() runs that pass itself, with these settings.
    decode_inconsistent_utf8=False,
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    # Without an explanation, ftfy 6 fixes the encoding with its default settings instead.
    explain=True,
)
# Release fields -> how the report names them.
TEXT_FIELDS = {
    "title": "judul",
    "lead": "ringkasan",
    "body": "isi",
    "dateline": "tempat berita",
    "editor_initials": "inisial editor",
    "source_name": "nama sumber",
}
LIST_FIELDS = {"authors": "nama wartawan", "tags": "tag", "unit_names": "kategori"}
PHOTO_FIELDS = {
    "alt_text": "teks alternatif foto",
    "caption": "keterangan foto",
    "credit": "kredit foto",
}


def repair(text: str) -> str:
    """Return text with the mojibake ftfy recognises undone; any other text unchanged."""
    # Most releases are plain ASCII, where there is nothing to repair.
    if not text or text.isascii():
        return text
    text = ftfy.fix_text(text, ENCODING_ONLY)
    # Mojibake amid correct text on the same line ("Café dan CafÃ©"): each stretch that reads
    # as UTF-8 decoded as a single-byte encoding is repaired alone.
    return UTF8_DETECTOR_RE.sub(_repair_stretch, text) if is_bad(text) else text


def _repair_stretch(match):
    stretch = match.group(0)
    return ftfy.fix_encoding(stretch, ENCODING_ONLY) if is_bad(stretch) else stretch


def looks_broken(text: str) -> bool:
    """Return True if text holds replacement characters or what ftfy still takes for mojibake."""
    return bool(text) and not text.isascii() and ("\ufffd" in text or is_bad(text))


def repaired_note(labels: list[str]) -> str:
    """Return the report's note on a repair of the fields labelled."""
    return "teks salah pengodean (mojibake) diperbaiki" + (
        ": " + ", ".join(labels) if labels else ""
    )


def source_key(release: Release) -> str:
    """Return the import key of a release as its source gave it, before any repair.

    Read from the unrepaired text, the key of a release imported while its mojibake went in
    as it was stays the same: importing it again updates that release, not a repaired copy.
    """
    title, body = " ".join(release.title.split()), clean_html(release.body)
    return import_key(dataclasses.replace(release, title=title, body=body))


def repair_release(release: Release) -> tuple[Release, list[str], list[str]]:
    """Return (the release repaired, labels of the repaired fields, labels of the broken ones)."""
    changes, repaired, broken = {}, [], []

    def check(label, value, fixed):
        if fixed != value:
            repaired.append(label)
        if looks_broken(fixed):
            broken.append(label)

    for field, label in TEXT_FIELDS.items():
        value = getattr(release, field) or ""
        changes[field] = repair(value)
        check(label, value, changes[field])
    for field, label in LIST_FIELDS.items():
        values = getattr(release, field)
        changes[field] = [repair(value) for value in values]
        check(label, "\n".join(values), "\n".join(changes[field]))
    if release.photos is not None:
        changes["photos"] = [dict(photo) for photo in release.photos]
        for photo, fixed in zip(release.photos, changes["photos"], strict=True):
            for field, label in PHOTO_FIELDS.items():
                value = photo.get(field) or ""
                fixed[field] = repair(value)
                check(label, value, fixed[field])
    if not repaired:
        return release, [], broken
    return dataclasses.replace(release, **changes), list(dict.fromkeys(repaired)), broken
