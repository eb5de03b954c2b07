"""Plain-text releases as regional portals publish them (see tests/data/seeds/).

A release file holds, in this order: an optional section label ("# POLRES"), the
title (a heading or the first line), header lines (the title repeated, a byline
"Siswandi - [JEMBER.POLRES.ID](http://JEMBER.POLRES.ID)", a date line), the body
(its first paragraph may open with a dateline "Jember, -"), the editor's initials
"(AR)" at its end, then a tail of '#' tag lines and reporters' name lines, and the
portal's footer ("Artikel Sebelumnya", "Rekomendasi", "Ikuti Kami", ...), dropped.
"""

import codecs
import contextlib
import html
import itertools
import re

from .base import ImportFailure, Release, normalise_url
from .dates import find_body_date, parse_header_date
from .mojibake import repair, repaired_note, source_key

# A line that starts the portal's footer: it and everything after it are dropped.
FOOTER_LINES = {
    "artikel sebelumnya",
    "artikel berikutnya",
    "berita terkait",
    "berita lainnya",
    "rekomendasi",
    "ikuti kami",
    "bagikan",
    "bagikan artikel ini",
    "share",
    "komentar",
}
# Lines dropped wherever they are: a link to another release inside the body.
DROPPED_LINE = re.compile(r"^(?:baca juga|simak juga|lihat juga)\b", re.IGNORECASE)

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
TAG_LINE = re.compile(r"^#[^\s#]")
NAME = r"[A-Za-z][A-Za-z.'’-]*"
NAME_LINE = re.compile(rf"^{NAME}(?:\s+{NAME}){{0,4}}$")
BYLINE = re.compile(
    r"^(?:(?:oleh|penulis|reporter|wartawan)\s*:?\s*)?(?P<names>[^\[\]()]{2,150}?)\s+[-–—|]\s+"
    r"(?:\[(?P<site>[^\]]+)\]\((?P<url>[^)\s]+)\)|(?P<bare>[\w-]+(?:\.[\w-]+)+))\s*$",
    re.IGNORECASE,
)
BYLINE_ONLY_NAMES = re.compile(
    r"^(?:oleh|penulis|reporter|wartawan)\s*:\s*(?P<names>.{2,150})$", re.IGNORECASE
)
NAME_SEPARATORS = re.compile(r"\s*(?:,|&|/|\bdan\b|\band\b)\s*", re.IGNORECASE)
# "Jember, - ", "Jember - ", "JEMBER – ", "Jember (Tribratanews) - ".
DATELINE = re.compile(
    r"^(?!(?:Ka)?(?:Polres|Polsek|Polda|Polresta|Polrestabes|Sat)[A-Za-z]*\b)"
    r"(?P<place>[A-Z][A-Za-z.']+(?:\s+[A-Z][A-Za-z.']+){0,2})\s*,?\s*(?:\([^)]{1,40}\)\s*)?"
    r"[-–—]+\s*"
)
EDITOR_INITIALS = re.compile(r"\s*\((?P<initials>[A-Z]{2,5}(?:/[A-Z]{2,5})?)\)\s*$")
LIST_ITEM = re.compile(r"^(?:[-*•]\s+|(?P<number>\d{1,2})[.)]\s+)(?P<text>.+)$")

MARKUP = re.compile(r"[\[*_]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"
)


def decode(data, encoding=None):
    """Return (text, note) from bytes: UTF-8 (with or without BOM), else Windows-1252.

    `note` says when the fallback was used. No statistical guessing: it misreads
    short texts, and these portals produce nothing but UTF-8 and Windows-1252.
    """
    if not data.strip():
        raise ImportFailure("berkas kosong")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFailure(f"pengodean tidak dikenal: {encoding}") from None
        try:
            text, note = data.decode(encoding), ""
        except UnicodeDecodeError as error:
            raise ImportFailure(
                f"tidak dapat dibaca sebagai {encoding} (bita ke-{error.start})"
            ) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, note = data.decode("utf-16"), ""
        except UnicodeDecodeError as error:
            raise ImportFailure(f"UTF-16 rusak (bita ke-{error.start})") from None
    elif b"\x00" in data:
        raise ImportFailure("berkas biner, bukan teks")
    else:
        try:
            text, note = data.decode("utf-8-sig"), ""
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFailure("bukan UTF-8 maupun Windows-1252; pakai --encoding") from None
            note = "bukan UTF-8, dibaca sebagai Windows-1252"
    text = text.lstrip("\ufeff")
    if len(CONTROL.findall(text)) > max(2, len(text) // 100):
        raise ImportFailure("berkas biner, bukan teks")
    return text, note


def clean_line(line):
    """Return a line without invisible characters and with single spaces."""
    line = line.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(line.split())


def split_tags(line):
    """Return the tags of a '#' line, lower case, in order, without repeats.

    Tags are separated by whitespace, '#', ',' or ';'. A token that is only a
    number, such as a year, belongs to the word before it:
    "#polresjember pilkada 2024 jember" gives polresjember, pilkada 2024, jember.
    """
    tags = []
    for token in re.split(r"[\s#,;]+", line):
        token = token.strip(".:!?\"'()").lower()
        if not token:
            continue
        if token.isdigit() and tags:
            tags[-1] = f"{tags[-1]} {token}"
        else:
            tags.append(token)
    return list(dict.fromkeys(tag[:100] for tag in tags))


def split_names(names):
    """Return the reporters named in "A, B dan C", if every part looks like a name."""
    parts = [part.strip(" .") for part in NAME_SEPARATORS.split(names) if part.strip(" .")]
    if parts and all(NAME_LINE.match(part) and len(part) <= 60 for part in parts):
        return parts
    return []


def inline_html(text):
    """Return a line's markdown links and emphasis as HTML; raw HTML is left to the sanitiser."""
    if not MARKUP.search(text):
        return text

    def link(match):
        label, url = match.groups()
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'

    text = LINK.sub(link, text)
    text = STRONG.sub(r"<strong>\2</strong>", text)
    return EMPHASIS.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)


def plain_title(text):
    """Return a title line without heading marks, emphasis and link syntax."""
    if not MARKUP.search(text) and not text.startswith("#"):
        return text
    heading = HEADING.match(text)
    if heading:
        text = heading.group(2)
    text = LINK.sub(r"\1", text)
    text = STRONG.sub(r"\2", text)
    text = EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return clean_line(text)


def line_kind(line):
    """Return how a body line renders: ("h2"|"h3", text), ("ul"|"ol", text) or ("p", text)."""
    heading = HEADING.match(line)
    if heading:
        return ("h2" if len(heading.group(1)) <= 2 else "h3"), heading.group(2)
    item = LIST_ITEM.match(line)
    if item:
        return ("ol" if item.group("number") else "ul"), item.group("text")
    return "p", line


def blocks_to_html(blocks):
    """Return HTML for blocks of lines: headings, lists, and paragraphs (lines joined)."""
    out = []
    for block in blocks:
        for kind, group in itertools.groupby(map(line_kind, block), key=lambda pair: pair[0]):
            texts = [text for _, text in group]
            if kind == "p":
                out.append(f"<p>{inline_html(' '.join(texts))}</p>")
            elif kind in ("ul", "ol"):
                items = "".join(f"<li>{inline_html(text)}</li>" for text in texts)
                out.append(f"<{kind}>{items}</{kind}>")
            else:
                out.extend(f"<{kind}>{inline_html(text)}</{kind}>" for text in texts)
    return "\n".join(out)


def parse_text(data: bytes, origin: str = "", encoding: str | None = None) -> Release:
    """Return the Release in a text file's bytes; raise ImportFailure if it holds none."""
    try:
        text, note = decode(data, encoding)
        # Repaired before the layout is read: a mangled dash hides a byline or a dateline.
        repaired = repair(text)
        release = parse_release_text(repaired)
    except ImportFailure as failure:
        raise failure.at(origin) from None
    release.origin = origin
    if note:
        release.notes.append(note)
    if repaired != text:
        release.notes.append(repaired_note([]))
        # Unrepaired, a text that holds no release was never imported: no key to keep.
        with contextlib.suppress(ImportFailure):
            release.import_key = source_key(parse_release_text(text))
    return release


def parse_release_text(text):
    """Return the Release written in text (already decoded)."""
    # (block number, line) for every non-blank line; blank lines separate blocks.
    lines, block = [], 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_line(raw)
        if line:
            lines.append((block, line))
        else:
            block += 1
    if not lines:
        raise ImportFailure("berkas kosong")

    position = 0
    first = HEADING.match(lines[0][1])
    if first and len(first.group(1)) == 1 and len(lines) > 1:
        # A section label such as "# POLRES" above the real title: a heading above
        # another heading, or a short heading in capitals.
        label = first.group(2)
        if HEADING.match(lines[1][1]) or (label.isupper() and len(label.split()) <= 3):
            position = 1
    title = plain_title(lines[position][1])
    position += 1
    if not title:
        raise ImportFailure("tidak ada judul")
    if len(title) > 300:
        raise ImportFailure("baris pertama terlalu panjang untuk judul (lebih dari 300 karakter)")

    release = Release(title=title, body="")
    same_as_title = title.casefold()
    byline_lines = set()
    while position < len(lines):
        line = lines[position][1]
        if plain_title(line).casefold() == same_as_title:
            pass
        elif not release.authors and (byline := BYLINE.match(line)):
            names = split_names(byline.group("names"))
            if not names:
                break
            release.authors = names
            release.source_name = byline.group("site") or byline.group("bare") or ""
            release.source_name = plain_title(release.source_name)
            if byline.group("url"):
                release.source_url = normalise_url(byline.group("url"))
            byline_lines.add(line.casefold())
        elif not release.authors and (byline := BYLINE_ONLY_NAMES.match(line)):
            if not (names := split_names(byline.group("names"))):
                break
            release.authors = names
            byline_lines.add(line.casefold())
        elif release.published_at is None and (found := parse_header_date(line)):
            release.published_at, release.has_time = found
        else:
            break
        position += 1

    body = []
    for block_no, line in lines[position:]:
        folded = line.casefold()
        if folded.rstrip(" :") in FOOTER_LINES:
            break
        if DROPPED_LINE.match(line) or folded == same_as_title or folded in byline_lines:
            continue
        body.append((block_no, line))

    body, tag_lines, name_lines = split_tail(body)
    for line in tag_lines:
        release.tags.extend(tag for tag in split_tags(line) if tag not in release.tags)
    for line in name_lines:
        for name in split_names(line):
            if name.casefold() not in {a.casefold() for a in release.authors}:
                release.authors.append(name)

    if body:
        initials = EDITOR_INITIALS.search(body[-1][1])
        if initials:
            release.editor_initials = initials.group("initials")
            rest = body[-1][1][: initials.start()].rstrip()
            body[-1:] = [(body[-1][0], rest)] if rest else []
    if body:
        dateline = DATELINE.match(body[0][1])
        if dateline and len(body[0][1]) > dateline.end():
            release.dateline = dateline.group("place").title()
            body[0] = (body[0][0], body[0][1][dateline.end() :])
    if not body:
        raise ImportFailure("tidak ada isi rilis setelah judul")

    blocks = {}
    for block_no, line in body:
        blocks.setdefault(block_no, []).append(line)
    release.body = blocks_to_html(blocks.values())

    if release.published_at is None:
        found = find_body_date(" ".join(line for _, line in body))
        if not found:
            raise ImportFailure(
                "tidak ada tanggal: tidak ada baris tanggal di kepala berkas "
                "maupun penanda hari seperti 'Sabtu (16/11/2024)' di isi"
            )
        release.published_at, release.has_time = found
    return release


def split_tail(body):
    """Return (body, tag lines, reporter lines) from the body's (block, line) pairs.

    Every '#' tag line is a tag line, wherever it is. The reporters are the name
    lines after the last tag line or paragraph ending with the editor's initials
    "(AR)", whichever comes later; only when nothing but names follows, so a real
    paragraph is never taken for a name.
    """
    tag_lines = [line for _, line in body if TAG_LINE.match(line)]
    ends = [
        i
        for i, (_, line) in enumerate(body)
        if TAG_LINE.match(line) or EDITOR_INITIALS.search(line)
    ]
    if ends:
        after = [line for _, line in body[ends[-1] + 1 :] if not TAG_LINE.match(line)]
        if after and all(split_names(line) for line in after):
            body = body[: ends[-1] + 1]
        else:
            after = []
    else:
        after = []
    return [(b, line) for b, line in body if not TAG_LINE.match(line)], tag_lines, after
