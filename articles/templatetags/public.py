"""Template helpers of the public site."""

import re

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.html import html_to_text, summary

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """Return the query string of page `number`, keeping the other parameters (like q)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


def _storage_url(name):
    return default_storage.url(name) if isinstance(name, str) and name else ""


@register.simple_tag
def photo(photo, rendition):
    """Return a Photo ready for <img>/<source>, or None when there is no photo.

    Uses one rendition ("thumb", "article", "social"; see articles.images) with its WebP
    twin, and falls back to the original file when the renditions are missing.
    """
    if photo is None or not photo.image:
        return None
    found = (photo.renditions or {}).get(rendition)
    if isinstance(found, dict) and found.get("jpeg") and found.get("width"):
        width, height = found["width"], found.get("height")
        src, webp = _storage_url(found["jpeg"]), _storage_url(found.get("webp"))
    else:
        width, height = photo.width, photo.height
        src, webp = photo.image.url, ""
    return {
        "src": src,
        "width": width,
        "height": height,
        "srcset": f"{src} {width}w" if width else "",
        "webp_srcset": f"{webp} {width}w" if webp and width else "",
    }


register.filter("plain_text", html_to_text)
register.filter("summary", summary)


_FIRST_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>", re.IGNORECASE)


@register.filter
def with_dateline(article):
    """Return the sanitised body with the dateline printed at the start, as portals do.

    A body whose text already opens with the dateline ("Jember - ...") is left as it is.
    """
    body = article.body or ""
    dateline = article.dateline.strip()
    if not dateline or html_to_text(body[:500]).lower().startswith(dateline.lower()):
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
