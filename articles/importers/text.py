"""Plain-text releases as regional portals, police portals and radio sites publish them.

A page copied from a portal holds, roughly in this order: rubric and portal lines
("Polri", "Berita | Jember", "Home » Berita"), the title, header lines (a byline or
credit block "Reporter : X / Editor : Y", a date "Selasa 24-09-2024,22:29 WIB", the
title repeated), the body (its first paragraph may open with a dateline "Jember, -",
"JEMBER | PORTAL.ID –", "Tribratanews.x.polri.go.id, Balikpapan –"), a sign-off
"(AR)", "(Red/Hms)", "(humas polres jember)", then a tail of '#' tag lines, credit
lines and reporters' name lines, and the portal's footer ("Artikel Sebelumnya",
"Posting Komentar", ...), dropped. Boilerplate (share bars, view counters, "BACA
JUGA", advertisements) is dropped wherever it sits.

Whatever is read by a fallback rather than found goes into Release.doubts, so the
release is held for an editor instead of published on a guess.
"""

import codecs
import contextlib
import datetime
import html
import itertools
import re

from .base import ImportFailure, Release, normalise_url
from .dates import (
    WIB,
    DateFound,
    date_from_path,
    find_date,
    find_yearless_date,
    parse_header_date,
)
from .mojibake import repair, repaired_note, source_key

# A line that starts the portal's footer (once the body has begun): it and
# everything after it are dropped.
FOOTER_LINES = {
    "artikel sebelumnya",
    "artikel berikutnya",
    "berita terkait",
    "berita lainnya",
    "artikel terkait",
    "baca berita lainnya",
    "rekomendasi",
    "ikuti kami",
    "bagikan artikel ini",
    "komentar",
    "komentar anda",
    "posting komentar",
    "leave a reply",
    "leave a comment",
    "tinggalkan balasan",
    "tinggalkan komentar",
    "tulis komentar",
    "belum ada komentar",
    "related posts",
    "related",
    "terkait",
    "berita populer",
    "terpopuler",
}
FOOTER = re.compile(r"^\d+\s+(?:response|responses|tanggapan|comments?|komentar)\b", re.I)
# Lines dropped wherever they are.
BOILERPLATE = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in (
            # share bars
            r"^(?:sebarkan|bagikan|share)(?:\s+(?:artikel|berita|tulisan|ke))?(?:\s+(?:ini|this))?\s*:?$",
            r"^(?:like|suka)\s+(?:this|ini)\s*:?$",
            r"^(?:(?:share|bagikan|tweet|facebook|twitter|whatsapp|wa|telegram|line|linkedin|x|"
            r"email|e-mail|pinterest|copy\s+link|salin\s+(?:link|tautan)|print|cetak)\s*[|,·•/:]?\s*)+$",
            # view counters: "14 ×", "Dibaca 120 kali", "👁 1.204", "Views: 88"
            r"^(?:dibaca\s*:?\s*)?[\d.,]+\s*(?:×|x|kali|views?|pembaca|dilihat|hits)"
            r"(?:\s+dibaca)?$",
            r"^(?:dibaca|dilihat|views?|hits)\s*:?\s*[\d.,]+(?:\s*(?:kali|×|x))?$",
            r"^[👁👀]\s*[\d.,]*$",
            # loaders and advertisements
            r"^(?:loading|memuat)\s*(?:\.\.\.|…)?$",
            r"^(?:advertisement|advertisment|adverstisement|iklan|sponsored|ads?|"
            r"scroll\s+to\s+(?:continue|resume)(?:\s+with\s+content)?|"
            r"scroll\s+untuk\s+melanjutkan(?:\s+membaca)?|konten\s+bersponsor|"
            r"lanjutkan\s+membaca|continue\s+reading)\s*[-:]?$",
            r"^div-gpt-ad\S*$",
            r"^(?:ads?|iklan|banner|adsense)[\s_-]*(?:slot|space|\d+|top|bottom|sidebar|tengah|atas|"
            r"bawah|in-?article|inline|header|footer)[\w\s_-]*$",
            # categories, copyright, breadcrumbs, comment widgets
            r"^(?:kategori|category|rubrik)\s*:.*$",
            r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*.*$",
            r"^hak\s+cipta\b.*$",
            r"^(?:home|beranda)\s*(?:[»›>/|]|$).*$",
            r"^(?:cancel\s+reply|batalkan\s+balasan|balas|reply)$",
            r"^(?:editor'?s?\s+pick|pilihan\s+editor)$",
            r"^(?:dibagikan|disukai)\s+[\d.,]+\s*(?:kali|x)?$",
            # portals' own calls to action
            r"^(?:simak|dapatkan|ikuti)\s+(?:breaking\s+news|berita|update|info|kabar)\b.*"
            r"(?:ponsel|whatsapp|google\s+news|telegram|channel|aplikasi)\w*\.?$",
        )
    ),
    re.IGNORECASE,
)
# "Baca juga: <headline>" is one line; "BACA JUGA" alone takes the headline under it along.
READ_ALSO = re.compile(r"^(?:baca|simak|lihat)\s+(?:juga|pula)\b", re.IGNORECASE)
READ_ALSO_LABEL = re.compile(r"^(?:baca|simak|lihat)\s+(?:juga|pula)\s*[:.»>-]*\s*$", re.IGNORECASE)
# A photo caption: dropped, and so is the paragraph repeating it.
CAPTION = re.compile(
    r"\(?\s*(?:foto|ft|ket(?:erangan)?\.?\s*foto|photo|gambar|ilustrasi)\s*(?::|\||/|\s-\s)",
    re.IGNORECASE,
)
CAPTION_CREDIT = re.compile(r"\((?:foto|ft|photo|dok)\s*[:/.][^)]*\)\s*\.?$", re.IGNORECASE)

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
TAG_LINE = re.compile(r"^#[^\s#]")
TAGS_LABEL = re.compile(r"^(?:tags?|tagar|topik)\s*:\s*(?P<tags>.+)$", re.IGNORECASE)
NAME = r"[A-Za-z][A-Za-z.'’-]*"
NAME_LINE = re.compile(rf"^{NAME}(?:\s+{NAME}){{0,4}}$")
BYLINE = re.compile(
    r"^(?:(?:oleh|penulis|reporter|wartawan)\s*:?\s*)?(?P<names>[^\[\]()]{2,150}?)\s+[-–—|]\s+"
    r"(?:\[(?P<site>[^\]]+)\]\((?P<url>[^)\s]+)\)|(?P<bare>[\w-]+(?:\.[\w-]+)+)"
    # a portal's brand in one word: "detikJatim", "kumparanNEWS"
    r"|(?P<brand>(?-i:[a-z]+[A-Z]\w*)))\s*$",
    re.IGNORECASE,
)
BYLINE_SEPARATOR = re.compile(r"\s[-–—|]\s")
NAME_SEPARATORS = re.compile(r"\s*(?:,|&|/|\bdan\b|\band\b)\s*", re.IGNORECASE)

# Credit blocks: "Pewarta | X | Editor | Y", "Reporter : X / Editor : Y",
# "Editor : X Penulis : Y", "Penulis X", "- Penulis" (the names follow on the next lines).
REPORTER_LABELS = (
    r"pewarta|reporter|wartawan|penulis|kontributor|jurnalis|liputan|oleh|writer|author"
)
EDITOR_LABELS = r"editor|redaktur|penyunting|penyelaras(?:\s+bahasa)?|editing"
OTHER_LABELS = r"foto|fotografer|videografer|sumber|source"
CREDIT_LABEL = re.compile(
    rf"(?:^|(?<=[\s|/,;]))(?P<label>{REPORTER_LABELS}|{EDITOR_LABELS}|{OTHER_LABELS})"
    r"(?:\s*[:|]\s*|\s+(?=[A-Z]))",
    re.IGNORECASE,
)
CREDIT_LABEL_ONLY = re.compile(
    rf"^[-–—•*]?\s*(?P<label>{REPORTER_LABELS}|{EDITOR_LABELS})\s*:?\s*$", re.IGNORECASE
)

# A dateline opening the first paragraph: "Jember, - ", "JEMBER – ", "JEMBER | PORTAL.ID –",
# "Jember, PORTAL.CO.ID –", "Tribratanews.x.polri.go.id, Balikpapan –", "TIMES JEMBER, JEMBER –",
# "Jember (Tribratanews) - ". Never a unit or a title ("Polres Jember - ...").
SEGMENT = r"(?:[\w-]+(?:\.[\w-]+)+|[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3})"
PLACE_DATELINE = re.compile(
    r"^(?!(?:Ka)?(?:Polres|Polsek|Polda|Polresta|Polrestabes|Sat)[A-Za-z]*\b)"
    r"(?!(?:Senin|Selasa|Rabu|Kamis|Jum.?at|Sabtu|Minggu)\b)"
    rf"(?P<first>{SEGMENT})(?:\s*[,|/]\s*(?P<second>{SEGMENT}))?\s*,?\s*"
    r"(?:\((?P<paren>[^)\d]{1,40})\)\s*)?[-–—]+\s*"
)
# The WXR importer's simpler forms: "Jember -" opening a post, "(AR)" closing it.
DATELINE = re.compile(
    r"^(?!(?:Ka)?(?:Polres|Polsek|Polda|Polresta|Polrestabes|Sat)[A-Za-z]*\b)"
    r"(?P<place>[A-Z][A-Za-z.']+(?:\s+[A-Z][A-Za-z.']+){0,2})\s*,?\s*(?:\([^)]{1,40}\)\s*)?"
    r"[-–—]+\s*"
)
EDITOR_INITIALS = re.compile(r"\s*\((?P<initials>[A-Z]{2,5}(?:/[A-Z]{2,5})?)\)\s*$")
# A radio's or a TV's name above its pages: "Radio Suara Jember 98.5 FM", "JTV Online".
PORTAL_NAME = re.compile(r"\b(?:\d{2,3}[.,]\d\s*FM|FM|AM|radio|TV|online|news|\w+\.com)\b", re.I)
DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)
PORTAL_LINE = re.compile(
    r"^(?:\[[^\]]+\]\([^)\s]+\)|(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:id|com|net|org|news|tv|"
    r"info|co)(?:/\S*)?)$",
    re.IGNORECASE,
)
# A sign-off in brackets at the end of the last paragraph: "(AR)", "(Dri).", "(Red/Hms)",
# "(*)", "(humas polres jember)", "(PID Sat Narkoba – Polres Kukar)".
SIGN_OFF = re.compile(r"\s*\((?P<sign>[^()]{1,80})\)\s*\.?\s*$")
NOT_A_PERSON = re.compile(
    r"\b(?:humas|polres\w*|polsek\w*|polda|redaksi|redaktur|admin\w*|tim|team|tribratanews|pid)\b",
    re.IGNORECASE,
)
UNIT_SIGNATURE = re.compile(
    r"^(?:sumber\s*:\s*)?(?:humas|pid|subbag\s*humas|bid\s*humas|si\s*humas|tribratanews)\b"
    r"[^.!?]{0,60}$",
    re.IGNORECASE,
)
INITIALS = re.compile(r"^[A-Za-z]{2,8}(?:\s*/\s*[A-Za-z]{2,8}){0,2}$")
UNIT_CREDIT = re.compile(
    r"\b(?:humas|pid|polres|polresta|polsek|polda|sat\w*|tribratanews|tribrata)\b", re.I
)
# Acronyms that close a sentence in brackets without being anyone's initials.
NOT_INITIALS = {"kuhp", "tni", "polri", "kpu", "sim", "stnk", "tps", "bpbd", "wib", "wita", "wit"}
LIST_ITEM = re.compile(r"^(?:[-*•]\s+|(?P<number>\d{1,2})[.)]\s+)(?P<text>.+)$")

# Rubric and category lines above a title: "Polri", "Berita", "Kamtibmas", "Berita | Jember".
RUBRICS = {
    "berita", "berita utama", "berita terkini", "berita terbaru", "berita daerah", "berita polri",
    "berita polres", "berita polsek", "kabar polri", "polri", "kamtibmas", "hukum", "kriminal",
    "hukum & kriminal", "hukum dan kriminal", "hukum kriminal", "peristiwa", "daerah", "nasional",
    "regional", "headline", "headlines", "terkini", "terbaru", "news", "lalu lintas", "lantas",
    "jawa timur", "jatim", "info polri", "humas", "polres", "polsek", "giat polsek", "sosial",
    "pendidikan", "kesehatan", "olahraga", "pemerintahan", "politik", "ekonomi", "pilkada",
    "pemilu", "opini", "galeri", "video", "foto", "trending", "populer", "utama", "highlight",
}  # fmt: skip
# "RILIS HUMAS POLRES JEMBER", "Siaran Pers": a label above an e-mailed release's title.
RELEASE_LABEL = re.compile(r"^(?:rilis|press\s+release|siaran\s+pers|release)\b")
BREADCRUMB = re.compile(r"\s[»›>/]\s|^[»›>]|[»›>]$")
SENTENCE_INSIDE = re.compile(r"(\w{3,})[.][\"”’']?\s+[\"“‘']?[A-Z]")
# Abbreviations that end in a full stop inside a headline or a sentence.
ABBREVIATIONS = {
    "kec", "kab", "kel", "des", "dsn", "jln", "prov", "dkk", "dll", "bpk", "sdr", "tsk", "brig",
    "kom", "pol", "kapt", "let", "mayj", "brigjen", "irjen", "drs", "ssos", "sik", "mh", "ssi",
}  # fmt: skip

SENTENCE_END = re.compile(r"(?:[.!?…]|[.!?…][\"”’')]+|[:;])$")

MARKUP = re.compile(r"[\[*_]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
# The lines read for a title: a portal page's head is never longer.
HEAD_LINES = 15


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


def split_paragraphs(lines):
    """Return the paragraphs (lists of lines) of consecutive text lines.

    A page copied from a browser has one line per paragraph: each line break is a
    paragraph break, unless the next line goes on with a small letter. A text
    wrapped at a fixed width (some lines end mid-sentence, none is much longer
    than the width) breaks only after a line that ends a sentence and stops well
    short of the width.
    """
    if len(lines) < 2:
        return [lines]
    width = max(map(len, lines))
    wrapped = width <= 120 and any(not SENTENCE_END.search(line) for line in lines[:-1])
    paragraphs = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        starts_new = line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"“‘'(["
        if wrapped:
            new = bool(SENTENCE_END.search(previous)) and len(previous) < width - 15 and starts_new
        else:
            new = starts_new and not previous.endswith((",", "-", "–", "("))
        if new:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def blocks_to_html(blocks):
    """Return HTML for blocks of lines: headings, lists, and paragraphs (see split_paragraphs)."""
    out = []
    for block in blocks:
        for kind, group in itertools.groupby(map(line_kind, block), key=lambda pair: pair[0]):
            texts = [text for _, text in group]
            if kind == "p":
                out.extend(
                    f"<p>{inline_html(' '.join(paragraph))}</p>"
                    for paragraph in split_paragraphs(texts)
                )
            elif kind in ("ul", "ol"):
                items = "".join(f"<li>{inline_html(text)}</li>" for text in texts)
                out.append(f"<{kind}>{items}</{kind}>")
            else:
                out.extend(f"<{kind}>{inline_html(text)}</{kind}>" for text in texts)
    return "\n".join(out)


def parse_text(
    data: bytes,
    origin: str = "",
    encoding: str | None = None,
    *,
    year: int | None = None,
    date: datetime.date | datetime.datetime | None = None,
) -> Release:
    """Return the Release in a text file's bytes; raise ImportFailure if it holds none.

    year dates a year-less day marker ("Senin pagi (21/8)"); date, given by the
    operator for this one file, is its publication date whatever the text says.
    A date in origin's folders or name is the last resort (and a doubt).
    """
    options = {"origin": origin, "year": year, "date": date}
    try:
        text, note = decode(data, encoding)
        # Repaired before the layout is read: a mangled dash hides a byline or a dateline.
        repaired = repair(text)
        release = parse_release_text(repaired, **options)
    except ImportFailure as failure:
        raise failure.at(origin) from None
    release.origin = origin
    if note:
        release.notes.append(note)
    if repaired != text:
        release.notes.append(repaired_note([]))
        # Unrepaired, a text that holds no release was never imported: no key to keep.
        with contextlib.suppress(ImportFailure):
            release.import_key = source_key(parse_release_text(text, **options))
    return release


def has_sentence_break(text):
    """Return True if a sentence ends inside text ("... pasar. Warga ..."), not an abbreviation."""
    return any(
        match.group(1).casefold() not in ABBREVIATIONS for match in SENTENCE_INSIDE.finditer(text)
    )


def is_caption(line):
    return bool(CAPTION.match(line) or CAPTION_CREDIT.search(line[-80:]))


def is_whole_sentence(line):
    """Return True for a line that opens and closes a sentence (not a wrapped fragment)."""
    return (line[:1].isupper() or line[:1] in '"“') and bool(SENTENCE_END.search(line))


def is_boilerplate(line):
    # One pattern for all forms, and only short lines: it runs on every line of every file.
    return len(line) <= 200 and BOILERPLATE.match(line) is not None


def is_rubric(line):
    """Return True for a rubric, category or breadcrumb line: never a title."""
    text = plain_title(line).strip()
    if len(text) > 80:
        return False
    folded = text.casefold().strip(" :|»›>")
    if text.endswith("|") or text.startswith("|") or BREADCRUMB.search(text):
        return True
    words = len(text.split())
    if (
        folded in RUBRICS
        or RELEASE_LABEL.match(folded)
        or words <= 1
        or (text.isupper() and words <= 3)
    ):
        return True
    parts = [part.strip() for part in text.split("|")]
    return len(parts) > 1 and all(len(part.split()) <= 3 for part in parts)


def is_portal(line):
    """Return True for a line that is only a portal's name or address."""
    text = line.strip(" |")
    words = text.split()
    return (
        bool(PORTAL_LINE.match(text))
        or (len(words) <= 3 and any(DOMAIN.match(word) for word in words))
        or (len(words) <= 6 and bool(PORTAL_NAME.search(text)))
    )


def is_paragraph(line):
    """Return True for a line that reads as body text, not as a headline."""
    words = len(line.split())
    if len(line) > 250 or words > 30:
        return True
    if has_sentence_break(line):
        return True
    dateline = PLACE_DATELINE.match(line)
    if dateline and len(line[dateline.end() :].split()) >= 3:
        return True
    return line.endswith((".", "!", "?", '."', ".”")) and words >= 12


def is_headline(line, following):
    """Return True for a plausible headline: length, no final full stop, not the lead's opening."""
    text = plain_title(line)
    words = len(text.split())
    if not 2 <= words <= 30 or len(text) > 250 or is_paragraph(text):
        return False
    if text.endswith((".", "|", ":", "-", "–", "—", ",")) or text.startswith(("(", "-", "–")):
        return False
    if sign_off(text) or any(
        word.casefold() not in ABBREVIATIONS for word in re.findall(r"(\w{3,})\.\s", text)
    ):
        return False  # a sentence closed by a sign-off, or two sentences
    # The opening of the first paragraph, copied above it, is not a title (the case
    # tells them apart: a headline capitalises its words, a sentence does not).
    return not any(other.startswith(text) and len(other) > len(text) + 20 for other in following)


def credit(line):
    """Return {"reporters": [...], "editor": str} if line is a credit block, else None."""
    text = line.strip().lstrip("-–—•* ").strip()
    if len(text) > 160 or not CREDIT_LABEL.match(text):
        return None
    labels = list(CREDIT_LABEL.finditer(text))
    if not labels or labels[0].start() != 0:
        return None
    found = {"reporters": [], "editor": ""}
    for label, following in itertools.zip_longest(labels, labels[1:]):
        if label is None:
            break
        value = text[label.end() : following.start() if following else len(text)]
        value = value.strip(" |/;,-–—:")
        kind = label.group("label").lower()
        if re.fullmatch(OTHER_LABELS, kind):
            continue
        if not value:
            return None
        names = split_names(value)
        if not names:
            return None
        # "Oleh : Humas Polres Jember", "Penulis: Redaksi": an office, not a reporter.
        people = [name for name in names if not NOT_A_PERSON.search(name)]
        found["offices"] = found.get("offices", 0) + len(names) - len(people)
        names = people
        if not names:
            continue
        if re.fullmatch(EDITOR_LABELS, kind, re.IGNORECASE):
            found["editor"] = found["editor"] or ", ".join(names)
        else:
            found["reporters"].extend(names)
    return found if found["reporters"] or found["editor"] or found.get("offices") else None


def split_dateline(match):
    """Return (place, portal) of a dateline match."""
    segments = [s for s in (match.group("first"), match.group("second")) if s]
    portals = [s for s in segments if DOMAIN.match(s)]
    places = [s for s in segments if not DOMAIN.match(s)]
    if not portals and len(places) == 2:
        # "TIMES JEMBER, JEMBER –": the portal's name, then the place.
        portals, places = places[:1], places[1:]
    place = places[-1] if places else ""
    if place.isupper():
        place = place.title()
    portal = portals[0] if portals else (match.group("paren") or "")
    return place, portal.strip()


class Reader:
    """Read one release's lines into a Release; see parse_release_text."""

    def __init__(self, lines):
        self.lines = lines  # (block number, line)
        self.release = Release(title="", body="")
        self.header_date: DateFound | None = None
        self.pending_dateline = None

    # Header lines: what a line above or right under the title can be, besides the title.
    def take_header(self, line):
        """Read line if it is a header line (date, byline, credit, rubric, portal); return True."""
        release = self.release
        if release.title and plain_title(line).casefold() == release.title.casefold():
            return True
        # A date line, or a date after a portal's name or between bars:
        # "Kompas.com - 12/10/2024, 19:05 WIB", "TIMES Jember | Selasa 24-09-2024,22:29 WIB".
        parts = [line, *re.split(r"\s+[-–—|]\s+|\|", line)] if len(line) <= 100 else [line]
        for part in parts:
            found = parse_header_date(part)
            if found:
                self.header_date = self.header_date or found
                return True
        if self.take_byline(line) or self.take_credit(line):
            return True
        if TAG_LINE.match(line):
            release.tags.extend(tag for tag in split_tags(line) if tag not in release.tags)
            return True
        dateline = PLACE_DATELINE.match(line)
        if dateline and dateline.end() == len(line):
            self.pending_dateline = split_dateline(dateline)
            return True
        if is_portal(line):
            if not release.source_name:
                release.source_name = plain_title(line)
            return True
        return is_rubric(line) or (len(line) < 300 and is_caption(line))

    def take_byline(self, line):
        release = self.release
        if len(line) > 200 or not BYLINE_SEPARATOR.search(line):
            return False  # the quick test: the full pattern is slow on long lines
        byline = BYLINE.match(line)
        if byline and (names := split_names(byline.group("names"))):
            known = {name.casefold() for name in release.authors}
            release.authors.extend(name for name in names if name.casefold() not in known)
            source = byline.group("site") or byline.group("bare") or byline.group("brand")
            release.source_name = release.source_name or plain_title(source or "")
            if byline.group("url") and not release.source_url:
                release.source_url = normalise_url(byline.group("url"))
            return True
        return False

    def take_credit(self, line):
        found = credit(line)
        if not found:
            return False
        for name in found["reporters"]:
            if name.casefold() not in {a.casefold() for a in self.release.authors}:
                self.release.authors.append(name)
        if found["editor"] and not self.release.editor_initials:
            self.release.editor_initials = found["editor"]
        return True

    def read_title(self):
        """Return the position after the title; set it, or raise ImportFailure naming why."""
        lines, release = self.lines, self.release
        position = 0
        first = HEADING.match(lines[0][1])
        if first and len(first.group(1)) == 1 and len(lines) > 1:
            # A section label such as "# POLRES" above the real title.
            label = first.group(2)
            if HEADING.match(lines[1][1]) or (label.isupper() and len(label.split()) <= 3):
                position = 1
        weak = []  # headline-sized lines that fail a rule (a final full stop)
        short = None  # a headline of two or three words: a title only if no longer one comes
        while position < min(len(lines), HEAD_LINES):
            line = lines[position][1]
            following = [text for _, text in lines[position + 1 : position + 4]]
            heading = HEADING.match(line)
            if heading and len(heading.group(1)) <= 2:
                title = plain_title(line)
                if len(title.split()) >= 2 and not title.endswith("."):
                    release.title = title
                    return position + 1
            if self.take_header(line):
                position += 1
                continue
            if is_headline(line, following):
                if len(plain_title(line).split()) >= 4:
                    release.title = plain_title(line)
                    return position + 1
                short = short or (position, plain_title(line))
                position += 1
                continue
            if is_paragraph(line) or short:
                break  # body text, or a sentence under a short title
            text = plain_title(line)
            if 2 <= len(text.split()) <= 25 and not has_sentence_break(text):
                weak.append((position, text))
            position += 1
        if short:
            position, release.title = short
            return position + 1
        if weak:
            position, text = weak[0]
            release.title = text.rstrip(" .")
            release.doubts.append(
                f"judul dipilih tanpa kepastian: baris '{text[:80]}' tidak tampak seperti judul"
            )
            return position + 1
        first_line = lines[0][1]
        if len(first_line) > 300:
            raise ImportFailure(
                "baris pertama terlalu panjang untuk judul (lebih dari 300 karakter)"
            )
        raise ImportFailure(
            "tidak ada judul: tidak ada baris yang tampak seperti judul di kepala berkas "
            f"(baris pertama: '{first_line[:60]}')"
        )


def drop_boilerplate(lines):
    """Return the lines without boilerplate; "BACA JUGA" alone takes the next line along."""
    kept, skip_next = [], False
    for block, line in lines:
        if skip_next:
            skip_next = False
            if len(line) <= 200:
                continue
        if READ_ALSO_LABEL.match(line):
            skip_next = True
            continue
        if READ_ALSO.match(line) or is_boilerplate(line):
            continue
        kept.append((block, line))
    return kept


def parse_release_text(text, *, origin="", year=None, date=None):
    """Return the Release written in text (already decoded)."""
    # (block number, line) for every non-blank line; blank lines separate blocks.
    lines, block = [], 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_line(raw)
        if line:
            lines.append((block, line))
        else:
            block += 1
    lines = drop_boilerplate(lines)
    if not lines:
        raise ImportFailure("berkas kosong")

    reader = Reader(lines)
    release = reader.release
    position = reader.read_title()
    if len(release.title) > 300:
        raise ImportFailure("judul lebih dari 300 karakter")
    while position < len(lines) and reader.take_header(lines[position][1]):
        position += 1

    body, seen, captions, pending = [], {release.title.casefold()}, set(), None
    for block_no, line in lines[position:]:
        folded = line.casefold()
        if body and (folded.rstrip(" :") in FOOTER_LINES or FOOTER.match(line)):
            break
        if reader.take_credit(line) or reader.take_byline(line):
            continue
        if len(body) < 6 and (found := parse_header_date(line)):
            # A date line among the first lines: "a date anywhere near the top".
            reader.header_date = reader.header_date or found
            continue
        label = CREDIT_LABEL_ONLY.match(line)
        if label:
            # "- Penulis" / "Editor :" alone: the names are on the next lines.
            pending = "editor" if re.fullmatch(EDITOR_LABELS, label["label"], re.I) else "reporters"
            continue
        if pending and (names := split_names(line)):
            if pending == "editor":
                release.editor_initials = release.editor_initials or ", ".join(names)
            else:
                release.authors.extend(n for n in names if n not in release.authors)
            continue
        pending = None
        if len(line) < 300 and is_caption(line):
            captions.add(folded)
            continue
        tags = TAGS_LABEL.match(line)
        if tags:
            # "Tags: tiga pilar, jenggawah": the commas separate the tags.
            names = (" ".join(name.split()).lower() for name in re.split(r"[,;]", tags["tags"]))
            release.tags.extend(n for n in names if n.strip("# ") and n not in release.tags)
            continue
        if folded in captions or folded == release.title.casefold():
            continue
        if folded in seen and is_whole_sentence(line):
            continue  # the headline or a caption repeated, a paragraph twice
        seen.add(folded)
        body.append((block_no, line))

    body, tag_lines, name_lines = split_tail(body)
    for line in tag_lines:
        release.tags.extend(tag for tag in split_tags(line) if tag not in release.tags)
    for line in name_lines:
        for name in split_names(line):
            if name.casefold() not in {a.casefold() for a in release.authors}:
                release.authors.append(name)

    body = take_sign_off(body, release)
    if body:
        dateline = PLACE_DATELINE.match(body[0][1])
        if dateline and len(body[0][1]) > dateline.end():
            place, portal = split_dateline(dateline)
            release.dateline = place
            if portal and not release.source_name:
                release.source_name = portal
            body[0] = (body[0][0], body[0][1][dateline.end() :])
        elif reader.pending_dateline:
            release.dateline, portal = reader.pending_dateline
            release.source_name = release.source_name or portal
    if not body:
        raise ImportFailure("tidak ada isi rilis setelah judul")

    blocks = {}
    for block_no, line in body:
        blocks.setdefault(block_no, []).append(line)
    release.body = blocks_to_html(blocks.values())
    keep_doubtful_lines(body, release)
    date_release(release, reader.header_date, body, origin=origin, year=year, date=date)
    return release


def sign_off(line):
    """Return (match, editor) for a sign-off closing line, else None; editor may be ""."""
    if not line.rstrip(" .").endswith(")"):
        return None  # the quick test: every body line is asked
    sign = SIGN_OFF.search(line)
    if not sign:
        return None
    content = " ".join(sign.group("sign").split())
    if content.strip("* ") == "" or UNIT_CREDIT.search(content):
        return sign, ""  # "(*)", "(humas polres jember)": dropped
    if INITIALS.match(content) and content.casefold() not in NOT_INITIALS:
        return sign, content
    return None  # a sentence's own brackets


def take_sign_off(body, release):
    """Return body without the sign-off closing it; initials go to the editor field."""
    while body:
        block_no, line = body[-1]
        if UNIT_SIGNATURE.match(line):
            body = body[:-1]  # "Humas Polres Jember" closing a release: the unit's signature
            continue
        found = sign_off(line)
        if not found:
            break
        sign, editor = found
        release.editor_initials = release.editor_initials or editor
        rest = line[: sign.start()].rstrip()
        body = body[:-1] + ([(block_no, rest)] if rest else [])
    return body


DOUBTFUL = re.compile(
    r"\b(?:komentar|iklan|advertis\w*|sponsor\w*|share|bagikan|dibaca|copyright|whatsapp|"
    r"facebook|twitter|telegram|berlangganan|subscribe|follow|ikuti)\b",
    re.IGNORECASE,
)


def keep_doubtful_lines(body, release):
    """Record the short lines kept in the body that look like a portal's widgets."""
    for _, line in body:
        if len(line) <= 60 and not SENTENCE_END.search(line) and DOUBTFUL.search(line):
            release.doubts.append(f"baris mirip boilerplate dipertahankan di isi: '{line}'")


def date_release(release, header, body, *, origin, year, date):
    """Set the release's date: --date, a header line, the body, a year-less marker, the path."""
    text = " ".join(line for _, line in body[:40])
    found = header or find_date(text)
    if date is not None:
        # Given by the operator: a day (datetime.date), or a moment; without a zone, the unit's.
        has_time = isinstance(date, datetime.datetime)
        day = date.date() if has_time else date
        if found and found.day and found.day != day:
            release.notes.append(
                f"tanggal dari --date ({day:%d/%m/%Y}) dipakai, bukan '{found.text}' di teks"
            )
        moment = date if has_time else datetime.datetime.combine(day, datetime.time(0, 0))
        release.zone_given = not has_time or moment.tzinfo is not None
        release.published_at = moment if moment.tzinfo else moment.replace(tzinfo=WIB)
        release.has_time = has_time
        return
    if found is None and (yearless := find_yearless_date(text)):
        near = date_from_path(origin)
        found = yearless.with_year(year, near) if (year or near) else None
        if found is None:
            raise ImportFailure(
                f"tanggal tanpa tahun ('{yearless.text}'): beri --year TAHUN atau --date, "
                "atau simpan berkas di folder bertanggal (2024/11/16/)"
            )
        whence = f"--year {year}" if year else "tanggal di nama berkas atau folder"
        release.doubts.append(
            f"tanggal '{yearless.text}' tanpa tahun; tahun {found.day.year} diambil dari {whence}"
        )
    if found is None:
        near = date_from_path(origin)
        if near is None:
            raise ImportFailure(
                "tidak ada tanggal: tidak ada baris tanggal di kepala berkas, penanda hari "
                "seperti 'Sabtu (16/11/2024)' di isi, maupun tanggal di nama berkas; pakai --date"
            )
        release.published_at = datetime.datetime.combine(near, datetime.time(0, 0), tzinfo=WIB)
        release.has_time = False
        release.doubts.append(
            f"tanggal {near:%d/%m/%Y} diambil dari nama berkas atau folder, tidak dari teks"
        )
        return
    if found.dropped_time:
        release.doubts.append(
            f"jam '{found.dropped_time}' di dekat tanggal '{found.text}' tidak dipakai: "
            "bisa jadi jam kegiatan, bukan jam terbit; waktu terbit tanpa jam"
        )
    if warning := found.weekday_conflict():
        release.notes.append(f"peringatan: {warning}")
    release.published_at = found.moment()
    release.has_time = found.has_time
    release.zone_given = not found.has_time or bool(found.zone)


def split_tail(body):
    """Return (body, tag lines, reporter lines) from the body's (block, line) pairs.

    Every '#' tag line is a tag line, wherever it is. The reporters are the name
    lines after the last tag line or paragraph ending with a sign-off "(AR)",
    whichever comes later; only when nothing but names follows, so a real
    paragraph is never taken for a name.
    """
    tag_lines = [line for _, line in body if TAG_LINE.match(line)]
    ends = [i for i, (_, line) in enumerate(body) if TAG_LINE.match(line) or sign_off(line)]
    if ends:
        after = [line for _, line in body[ends[-1] + 1 :] if not TAG_LINE.match(line)]
        if after and all(split_names(line) for line in after):
            body = body[: ends[-1] + 1]
        else:
            after = []
    else:
        after = []
    return [(b, line) for b, line in body if not TAG_LINE.match(line)], tag_lines, after
