"""HTML helpers: sanitising every HTML a user or an import supplies, and reading its text."""

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
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html):
    """Return html with only the tags a press release needs and safe links."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
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
