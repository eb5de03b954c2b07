"""WordPress post bodies as WordPress shows them: shortcodes expanded, paragraphs added."""

import html
import re

# Elements WordPress's wpautop never wraps in a paragraph.
BLOCKS = (
    "p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|figure|figcaption|table|thead|tbody|tfoot|tr|td"
    "|th|caption|pre|hr|address|section|article|aside|header|footer|nav|form|fieldset|iframe"
    "|audio|video|object|embed|details|summary|style|script|math|svg"
)
TOKEN = re.compile(rf"<(/?)({BLOCKS})\b[^>]*?(/?)>|<!--.*?(?:-->|\Z)", re.IGNORECASE | re.DOTALL)
VOID = {"hr"}

# [name attrs], [name attrs /], [/name]; [[name]] is WordPress's escape for a literal one.
SHORTCODE = re.compile(
    r"\[(?P<escaped>\[)?(?P<close>/)?(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>(?:\s[^\]]*)?)"
    r"(?P<self>/)?\](?(escaped)\])"
)
ATTRIBUTE = re.compile(r"""([a-zA-Z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
URL = re.compile(r"https?://[^\s\"'<>\]]+")
LINK_CODES = {"embed", "youtube", "video", "audio", "vimeo", "soundcloud", "playlist"}


def escape_cdata(content):
    """Keep a literal "<![CDATA[" of the text as text: HTML would read it as a hidden comment."""
    return content.replace("<![CDATA[", "&lt;![CDATA[")


def _attributes(text):
    return {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in ATTRIBUTE.finditer(text or "")
    }


def _is_shortcode(match, content):
    """Return True if [name ...] is a shortcode, not bracketed text ("[red]" stays)."""
    name = match.group("name")
    if match.group("close") or match.group("self") or name in LINK_CODES:
        return True
    if name in ("caption", "gallery", "wp_caption"):
        return True
    if "=" in (match.group("attrs") or "") or "_" in name or "-" in name:
        return True
    return f"[/{name}]" in content


def _link(url):
    url = html.unescape(url)
    safe = html.escape(url)
    return f'<p><a href="{safe}">{safe}</a></p>'


def expand_shortcodes(content):
    """Return (html, notes): shortcodes replaced by what a release can show, counted.

    [caption] becomes a figure with its caption, [embed]/[youtube]/[video]/[audio] a link,
    [gallery] is dropped with a note (its photos are the photo set's), any other shortcode is
    removed (its enclosed text kept) and counted. No shortcode is ever left raw.
    """
    notes, unknown, galleries = [], {}, 0

    def caption(match):
        inner, attrs = match.group(2), _attributes(match.group(1))
        images = "".join(re.findall(r"<img\b[^>]*>", inner, re.IGNORECASE))
        text = re.sub(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>|<img\b[^>]*>", "", inner).strip()
        text = text or attrs.get("caption", "")
        return f"<figure>{images}<figcaption>{text}</figcaption></figure>"

    content = re.sub(
        r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]",
        caption,
        content,
        flags=re.IGNORECASE | re.DOTALL,
    )

    def enclosed_link(match):
        url = URL.search(match.group(2))
        return _link(url.group(0)) if url else ""

    content = re.sub(
        r"\[(embed|youtube|video|audio)\b[^\]]*\](.*?)\[/\1\]",
        enclosed_link,
        content,
        flags=re.IGNORECASE | re.DOTALL,
    )

    def replace(match):
        nonlocal galleries
        if not _is_shortcode(match, content):
            return match.group(0)
        name = match.group("name")
        if match.group("escaped"):
            return match.group(0)[1:-1]
        if match.group("close"):
            return ""
        if name == "gallery":
            galleries += 1
            return ""
        if name in LINK_CODES:
            attrs = match.group("attrs") or ""
            given = _attributes(attrs)
            url = next((v for k, v in given.items() if URL.match(v or "")), None)
            if url is None:
                bare = URL.search(attrs.lstrip("= "))
                url = bare.group(0) if bare else None
            return _link(url) if url else ""
        unknown[name] = unknown.get(name, 0) + 1
        return ""

    content = SHORTCODE.sub(replace, content)
    if galleries:
        notes.append(f"{galleries} galeri WordPress ([gallery]) tidak dibawa ke isi rilis")
    if unknown:
        listed = ", ".join(f"[{name}] ×{count}" for name, count in sorted(unknown.items()))
        notes.append(f"kode pendek WordPress dibuang: {listed}")
    return content, notes


def autop(content):
    """Return WordPress content with paragraphs, as WordPress's wpautop shows it.

    Text outside block elements is split into paragraphs at blank lines (a single line break
    becomes <br>); block elements (lists, headings, quotes, existing paragraphs) stay as they
    are, also when they sit between plain paragraphs.
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    out, loose, depth, position = [], [], 0, 0

    def flush():
        text = "".join(loose)
        loose.clear()
        paragraphs = [
            "<p>" + re.sub(r"\s*\n\s*", "<br>", part.strip()) + "</p>"
            for part in re.split(r"\n\s*\n", text)
            if part.strip()
        ]
        if paragraphs:
            out.append("\n".join(paragraphs))

    for token in TOKEN.finditer(content):
        between = content[position : token.start()]
        position = token.end()
        if depth:
            out.append(between)
        else:
            loose.append(between)
        if not depth:
            flush()
        out.append(token.group(0))
        if token.group(0).startswith("<!--"):
            continue
        closing, name = token.group(1), token.group(2).lower()
        if name not in VOID and not token.group(3):
            depth = max(0, depth - 1) if closing else depth + 1
    rest = content[position:]
    if depth:
        out.append(rest)
    else:
        loose.append(rest)
        flush()
    return "".join(out).strip()
