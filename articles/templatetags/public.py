"""Template helpers of the public site."""

import re
from html import unescape

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """Return the query string of page `number`, keeping the other parameters (like q)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


def rendition_sources(renditions):
    """Return (url, width) pairs from an article's renditions, narrowest first.

    Accepts {"480": "name"}, {"480": {"url" or "name": ..., "width": 480}} or a list of
    such dicts; anything it cannot read is skipped, so a page never fails on it.
    """
    if isinstance(renditions, dict):
        entries = [(key, value) for key, value in renditions.items()]
    elif isinstance(renditions, list):
        entries = [(None, value) for value in renditions]
    else:
        return []
    sources = {}
    for key, value in entries:
        if isinstance(value, str):
            location, width = value, key
        elif isinstance(value, dict):
            location = value.get("url") or value.get("name") or value.get("path")
            width = value.get("width") or key
        else:
            continue
        digits = re.sub(r"\D", "", str(width or ""))
        if not location or not isinstance(location, str) or not digits:
            continue
        if not location.startswith(("/", "http://", "https://")):
            location = default_storage.url(location)
        sources[int(digits)] = location
    return [(url, width) for width, url in sorted(sources.items())]


@register.filter
def srcset(article):
    """Return an img srcset built from the article's renditions ('' when it has none)."""
    return ", ".join(f"{url} {width}w" for url, width in rendition_sources(article.renditions))


@register.filter
def plain_text(html):
    """Return the text of an HTML fragment, entities decoded (the template escapes it again)."""
    return " ".join(unescape(strip_tags(html or "")).split())


@register.filter
def summary(article, words=40):
    """Return the lead of a release, or the start of its body when it has none."""
    return Truncator(article.lead or plain_text(article.body)).words(int(words))


_FIRST_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>", re.IGNORECASE)


@register.filter
def with_dateline(article):
    """Return the sanitised body with the dateline printed at the start, as portals do.

    A body whose text already opens with the dateline ("Jember - ...") is left as it is.
    """
    body = article.body or ""
    dateline = article.dateline.strip()
    if not dateline or plain_text(body[:500]).lower().startswith(dateline.lower()):
        return mark_safe(body)  # noqa: S308 - Article.save() sanitises the body
    mark = format_html('<span class="dateline">{}</span> &ndash; ', dateline)
    match = _FIRST_PARAGRAPH.match(body)
    if match:
        return mark_safe(body[: match.end()] + mark + body[match.end() :])  # noqa: S308
    return mark_safe(format_html("<p>{}</p>", mark) + body)  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return the page's own address without parameters other than a page number above 1."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url
