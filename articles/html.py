"""HTML helpers: sanitising every HTML a user or an import supplies, and reading its text."""

import dataclasses
import html
import re

import nh3
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    # Tables, as pasted from Word or a spreadsheet (lists of seized goods, of suspects).
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Elements whose content the HTML parser reads as plain text up to their end tag, or to the end
# of the input when there is none. None belongs in a press release: a closed one goes with its
# content, as a browser never shows it as the body's text.
RAW_TEXT_ELEMENTS = (
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
)
# What the HTML tokenizer reads as markup in running text: comments (an unclosed one runs to the
# end), other "<!", "<?" and end tags, and start tags, whose quoted attribute values may hold ">".
MARKUP = re.compile(
    r"<!--(?:.*?(?P<comment_end>--!?>)|.*\Z)"
    r"|<[!?/][^>]*>?"
    r"|<(?P<name>[a-zA-Z][^\t\n\f\r />]*)"
    r"(?:=[\t\n\f\r ]*\"[^\"]*\"|=[\t\n\f\r ]*'[^']*'|[^>])*(?P<tag_end>>)?",
    re.S,
)


@dataclasses.dataclass(frozen=True)
class Unclosed:
    """A raw-text element (or a comment) that a browser would run to the end of the input."""

    name: str  # "style", ..., or "!--" for a comment
    start: int  # where its start tag begins in the HTML
    end: int  # where its start tag ends
    line: int  # the line of its start tag, from 1

    @property
    def tag(self):
        """Return how an editor recognises it: "<style>" or "<!--"."""
        return "<!--" if self.name == "!--" else f"<{self.name}>"


def find_unclosed(html):
    """Return the first raw-text element or comment in html that is never closed, or None.

    The parser reads everything after such a start tag as the element's content, so a sanitiser
    that drops the element drops the rest of the body with it.
    """
    html = html or ""
    position = 0
    while (found := MARKUP.search(html, position)) is not None:
        position = found.end()
        name = (found.group("name") or "").lower()
        if found.group(0).startswith("<!--") and not found.group("comment_end"):
            name = "!--"
        elif name not in RAW_TEXT_ELEMENTS or not found.group("tag_end"):
            continue
        elif name != "plaintext":  # <plaintext> has no end tag at all
            closing = re.compile(rf"</{name}[\t\n\f\r />]", re.I).search(html + " ", position)
            if closing:
                position = closing.end()
                continue
        end = found.start() + 4 if name == "!--" else found.end()
        return Unclosed(name, found.start(), end, html.count("\n", 0, found.start()) + 1)
    return None


def _attribute_filter(tag, name, value):
    """Keep a cell's colspan or rowspan only as a small number; other attributes as nh3 does."""
    if name in ("colspan", "rowspan"):
        return value if value.isdigit() and 0 < int(value) <= 100 else None
    return value


def clean_html(html):
    """Return html with only the tags a press release needs and safe links.

    A raw-text element that is never closed loses only its start tag: what follows it is body
    text its author meant, and the sanitiser would otherwise drop it all with the element.
    """
    html = html or ""
    while (unclosed := find_unclosed(html)) is not None:
        html = html[: unclosed.start] + html[unclosed.end :]
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=set(RAW_TEXT_ELEMENTS),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


# Bodies are sanitised HTML (nh3), so plain patterns are enough to read their text; block tags
# become spaces so paragraphs do not run together.
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|figure|figcaption|table|tr|td|th)\b[^>]*>", re.I
)
ANY_TAG = re.compile(r"<[^>]*>?")
# Enough HTML for a summary of 60 words; reading a whole long body on every card is wasted work.
SUMMARY_SOURCE_LENGTH = 2000


def html_to_text(markup):
    """Return the text of an HTML fragment, entities decoded and whitespace collapsed.

    The result is plain text: a template escapes it again, other contexts must escape it for
    themselves.
    """
    text = ANY_TAG.sub("", BLOCK_TAG.sub(" ", markup or ""))
    return " ".join(html.unescape(text).split())


def summary(article, words=40):
    """Return the lead of a release, or the start of its body when it has none."""
    if article.lead:
        return Truncator(article.lead).words(int(words))
    body = article.body or ""
    cut = len(body) > SUMMARY_SOURCE_LENGTH
    text = html_to_text(body[:SUMMARY_SOURCE_LENGTH])
    if cut:
        text = text.rsplit(" ", 1)[0]  # the last word may be cut in half
    text = Truncator(text).words(int(words))
    return text + "…" if cut and not text.endswith("…") else text
