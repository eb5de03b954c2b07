"""Markup typed as text into a release stays text in feeds, pages, sitemaps and admin messages.

Each test runs once per payload: the payload is typed into every plain-text field (title, lead,
dateline, unit, author and tag names, photo texts) and, as words, into the body.
"""

import json
from html.parser import HTMLParser
from types import SimpleNamespace
from xml.etree import ElementTree

import feedparser
import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from articles.forms import ArticleAdminForm
from tests.factories import ArticleFactory, AuthorFactory, UnitFactory

from .conftest import add_photo, hours_ago

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute-break": '"><svg onload=alert(1)>',
    "script-break": "</script><script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "javascript-link": '<a href="javascript:alert(1)">klik</a>',
    "javascript-url": "javascript:alert(1)",
    "entity-named": "&lt;img src=x onerror=alert(1)&gt;",
    "entity-numeric": "&#60;script&#62;",
    "quotes": "Kata \"Kapolres\": it's 'aman' & <b>tertib</b>",
}
# The void elements of HTML that our pages use: they never hold text.
VOID_ELEMENTS = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}
DATA_SCRIPT = "application/ld+json"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href"}


class Elements(HTMLParser):
    """Every element of an HTML document with its attributes and its text, as a browser sees it."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = ""
        self._open = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = SimpleNamespace(tag=tag, attrs=dict(attrs), text="")
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(SimpleNamespace(tag=tag, attrs=dict(attrs), text=""))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        self.text += data
        for element in self._open:
            element.text += data

    def find(self, tag, **attrs):
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def live_markup(self):
        """Return the elements a payload brought to life: scripts, handlers, javascript: links."""
        return [
            e
            for e in self.elements
            if (e.tag == "script" and e.attrs.get("type") != DATA_SCRIPT and "alert(1)" in e.text)
            or (e.tag == "img" and e.attrs.get("src") == "x")
            or any(name.startswith("on") for name in e.attrs)
            or any(
                (value or "").strip().lower().startswith("javascript:")
                for name, value in e.attrs.items()
                if name in URL_ATTRIBUTES
            )
        ]


def assert_text_only(markup, text):
    """markup is HTML holding exactly `text`, without a single element."""
    parsed = Elements(markup)
    assert [e.tag for e in parsed.elements] == []
    assert parsed.text == text


def assert_rss_text(value, detail, text):
    """An RSS text element read back by feedparser is `text`, or inert where it guessed HTML.

    RSS declares no type for titles: feedparser, like some readers, takes one with closed tags
    or entities for HTML and sanitises it. The XML itself is checked for the exact text.
    """
    if detail.type == "text/html":
        assert Elements(value).live_markup() == []
    else:
        assert value == text


@pytest.fixture(params=PAYLOADS.values(), ids=PAYLOADS.keys())
def payload(request):
    return request.param


@pytest.fixture
def typed(payload):
    """Two visible releases carrying the payload: one with a lead, one summarised from its body."""
    unit = UnitFactory(name=payload, slug="satuan-uji", kind="polres")
    author = AuthorFactory(name=payload, slug="penulis-uji", unit=unit)
    # What a press officer types as words in the editor is stored entity-encoded in a paragraph.
    body = f"<p>Warga menulis {escape(payload)} di isi.</p>"
    with_lead = ArticleFactory(
        title=payload,
        lead=f"{payload} ringkasan",
        dateline=payload,
        body=body,
        unit=unit,
        authors=[author],
        tags=[payload],
        published_at=hours_ago(1),
    )
    without_lead = ArticleFactory(
        title=f"Isi: {payload}",
        lead="",
        body=body,
        unit=unit,
        authors=[author],
        tags=[payload],
        published_at=hours_ago(2),
    )
    return SimpleNamespace(
        payload=payload,
        unit=unit,
        tag=Tag.objects.get(name=payload),
        with_lead=with_lead,
        without_lead=without_lead,
        # The plain text each release's summary must show, whatever the context.
        summaries={
            with_lead.get_absolute_url(): f"{payload} ringkasan",
            without_lead.get_absolute_url(): f"Warga menulis {payload} di isi.",
        },
        titles={
            with_lead.get_absolute_url(): payload,
            without_lead.get_absolute_url(): f"Isi: {payload}",
        },
    )


FEEDS = ["latest", "atom", "unit", "tag"]


def feed_url(kind, typed):
    return {
        "latest": "/feed/",
        "atom": "/feed/atom/",
        "unit": f"/unit/{typed.unit.slug}/feed/",
        "tag": f"/tag/{typed.tag.slug}/feed/",
    }[kind]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def path_of(url):
    return url.removeprefix("http://testserver")


# Feeds


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_summaries_read_back_as_the_typed_text_without_elements(client, typed, kind):
    parsed = feedparser.parse(fetch(client, feed_url(kind, typed)))
    assert not parsed.bozo
    summaries = {}
    for entry in parsed.entries:
        assert entry.summary_detail.type == "text/html"
        summaries[path_of(entry.link)] = entry.summary
    assert summaries.keys() == typed.summaries.keys()
    for path, text in typed.summaries.items():
        assert_text_only(summaries[path], text)


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_summary_xml_holds_the_text_html_escaped_exactly_once(client, typed, kind):
    root = ElementTree.fromstring(fetch(client, feed_url(kind, typed)))
    if kind == "atom":
        found = {
            path_of(entry.find(f"{ATOM}link").get("href")): entry.find(f"{ATOM}summary")
            for entry in root.iter(f"{ATOM}entry")
        }
        assert {summary.get("type") for summary in found.values()} == {"html"}
        descriptions = {path: summary.text for path, summary in found.items()}
    else:
        descriptions = {
            path_of(item.findtext("link")): item.findtext("description")
            for item in root.iter("item")
        }
    assert descriptions == {path: escape(text) for path, text in typed.summaries.items()}


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_titles_authors_and_categories_are_the_plain_typed_text(client, typed, kind):
    content = fetch(client, feed_url(kind, typed))
    parsed = feedparser.parse(content)
    entries = {path_of(entry.link): entry for entry in parsed.entries}
    for path, title in typed.titles.items():
        entry = entries[path]
        assert entry.author == typed.payload
        assert [tag.term for tag in entry.tags] == [typed.payload]
        if kind == "atom":
            assert entry.title_detail.type == "text/plain"
            assert entry.title == title
        else:
            assert_rss_text(entry.title, entry.title_detail, title)
    # The XML itself carries titles escaped once, for XML only.
    root = ElementTree.fromstring(content)
    if kind == "atom":
        titles = {
            path_of(e.find(f"{ATOM}link").get("href")): e.findtext(f"{ATOM}title")
            for e in root.iter(f"{ATOM}entry")
        }
    else:
        titles = {path_of(i.findtext("link")): i.findtext("title") for i in root.iter("item")}
    assert titles == typed.titles


@pytest.mark.parametrize(
    "kind, title, description",
    [
        ("unit", "Rilis Humas: {}", "Rilis terbaru dari {}."),
        ("tag", "Rilis Humas: tag {}", "Rilis terbaru bertag {}."),
    ],
)
def test_unit_and_tag_feeds_name_them_as_text(client, typed, kind, title, description):
    content = fetch(client, feed_url(kind, typed))
    parsed = feedparser.parse(content)
    assert_rss_text(parsed.feed.title, parsed.feed.title_detail, title.format(typed.payload))
    # Readers render an RSS channel description as HTML.
    assert parsed.feed.subtitle_detail.type == "text/html"
    assert_text_only(parsed.feed.subtitle, description.format(typed.payload))
    channel = ElementTree.fromstring(content).find("channel")
    assert channel.findtext("title") == title.format(typed.payload)
    assert channel.findtext("description") == escape(description.format(typed.payload))


# The release page


def test_release_page_shows_the_typed_text_in_html_meta_and_json_ld(client, typed):
    payload, lead = typed.payload, f"{typed.payload} ringkasan"
    article = add_photo(typed.with_lead, alt_text=payload, caption=payload, credit=payload)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    page = Elements(html)
    assert page.live_markup() == []

    assert page.find("title")[0].text == f"{payload} · Rilis Humas"
    assert page.find("h1")[0].text == payload
    meta = {
        e.attrs.get("property") or e.attrs.get("name"): e.attrs["content"]
        for e in page.find("meta")
        if "content" in e.attrs
    }
    assert meta["og:title"] == meta["twitter:title"] == payload
    assert meta["description"] == meta["og:description"] == meta["twitter:description"] == lead
    assert meta["og:image:alt"] == payload
    assert meta["article:section"] == meta["article:tag"] == payload
    assert [e.attrs["alt"] for e in page.find("img")] == [payload]
    assert page.find("span", class_="credit")[0].text == f"Foto: {payload}"
    assert page.find("figcaption")[0].text == f"{payload} Foto: {payload}"
    assert page.find("span", class_="dateline")[0].text == payload
    assert page.find("div", class_="release-body")[0].text.split() == [
        *payload.split(),
        "–",
        "Warga",
        "menulis",
        *payload.split(),
        "di",
        "isi.",
    ]
    assert page.find("a", rel="tag")[0].text == f"#{payload}"

    # The JSON-LD element ends where the parser says, and holds the plain text.
    (script,) = page.find("script", type="application/ld+json")
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    assert html[start:].index("</script>") == len(script.text)
    news, breadcrumbs = json.loads(script.text)
    assert news["headline"] == payload
    assert news["description"] == lead
    assert news["dateline"] == payload
    assert [a["name"] for a in news["author"]] == [payload]
    assert news["publisher"]["name"] == payload
    assert news["keywords"] == [payload]
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == ["Beranda", payload, payload]
    for character in "<>&":
        assert character not in script.text


# Sitemaps


def test_sitemaps_are_valid_xml_with_the_typed_text_escaped_for_xml(client, typed):
    index = ElementTree.fromstring(fetch(client, "/sitemap.xml"))
    urls = [path_of(loc.text) for loc in index.iter(f"{SM}loc")]
    assert "/sitemap-news.xml" in urls
    for url in urls:
        content = fetch(client, url)
        ElementTree.fromstring(content)
        for raw in (b"<script", b"<svg", b"<img", b"<a ", b"<b>"):
            assert raw not in content, url
    news = ElementTree.fromstring(fetch(client, "/sitemap-news.xml"))
    assert sorted(t.text for t in news.iter(f"{NEWS}title")) == sorted(typed.titles.values())
    assert {n.text for n in news.iter(f"{NEWS}name")} == {typed.payload}


# The workspace


def test_admin_message_naming_a_refused_release_shows_its_title_as_text(client, payload, db):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    unit = UnitFactory(name="Polres Jember", slug="polres-jember")
    ArticleFactory(unit=unit, slug="patroli", published_at=timezone.now())
    twin = ArticleFactory(
        unit=unit, title=payload, slug="patroli", status="review", published_at=None
    )
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [twin.pk]},
        follow=True,
    )
    assert response.status_code == 200
    page = Elements(response.content.decode())
    assert page.live_markup() == []
    (message_list,) = page.find("ul", class_="messagelist")
    assert (
        f"\u201c{payload}\u201d tidak diterbitkan: rilis lain hari ini sudah memakai alamat "
        "\u201cpatroli\u201d. Ubah slug-nya dulu." in message_list.text
    )


def test_release_form_refuses_a_slug_that_is_not_a_slug(payload, db):
    form = ArticleAdminForm(data={"title": "Patroli", "slug": payload})
    assert "slug" in form.errors
