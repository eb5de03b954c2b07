"""The public site in a real browser: screenshots to look at, and no broken internal link."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import re_path
from django.views.static import serve

from articles.models import Article
from articles.photos import add_photo
from newsroom.urls import urlpatterns as site_urlpatterns
from tests import imagedata
from tests.imagedata import plain_jpeg_bytes as jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)

RELEASE = "/berita/2024/08/30/polres-jember-lakukan-pengamanan-ketat-pelaksanaan-monitoring-verifikasi-di-kpu/"
WIDTHS = {"mobile": 390, "desktop": 1280}


def serve_media(request, path):
    return serve(request, path, document_root=django_settings.MEDIA_ROOT)


# The site's URLs plus uploaded files, which production serves from its web server or storage.
urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", serve_media)]


@pytest.fixture
def site(settings, tmp_path, seed_data):
    """The seed site, one release with three photos as editors upload them, media served."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__
    article = Article.objects.get(slug__startswith="polres-jember-lakukan-pengamanan")
    add_photo(
        article,
        jpeg_bytes((1600, 1000)),
        alt_text="Personel Polres Jember berjaga di depan Kantor KPU",
        caption="Personel Polres Jember mengamankan Kantor KPU Kabupaten Jember.",
        credit="Humas Polres Jember",
    )
    add_photo(
        article,
        imagedata.jpeg_bytes(size=(900, 1200), color=(30, 90, 160)),
        alt_text="Kapolres memeriksa kesiapan personel",
        caption="Kapolres Jember memeriksa kesiapan personel pengamanan sebelum apel.",
        credit="Humas Polres Jember",
    )
    add_photo(
        article,
        imagedata.png_bytes(size=(1200, 800), mode="RGB"),
        alt_text="Petugas KPU menyerahkan berkas",
        caption="Petugas KPU menyerahkan berkas verifikasi.",
    )
    article.featured = True
    article.save()
    return article


@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots_of_home_and_a_release(live_server, site, page, screenshot, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator("h2", has_text="Rekomendasi").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
    screenshot(page, f"public-home-{device}")

    page.goto(live_server.url + RELEASE)
    photo = page.locator(".release-image img")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("time").first.inner_text() == "Jumat, 30 Agustus 2024 15:54 WIB"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
    screenshot(page, f"public-release-{device}")


@pytest.mark.parametrize("device", list(WIDTHS))
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_gallery_of_the_other_photos_works_on_a_phone_and_without_javascript(
    live_server, site, browser, screenshot, device, javascript
):
    context = browser.new_context(
        locale="id-ID",
        java_script_enabled=javascript,
        viewport={"width": WIDTHS[device], "height": 844 if device == "mobile" else 800},
        is_mobile=device == "mobile",
        has_touch=device == "mobile",
    )
    page = context.new_page()
    page.goto(live_server.url + RELEASE)
    gallery = page.locator(".release-gallery")
    gallery.scroll_into_view_if_needed()
    assert gallery.locator("h2").inner_text() == "Foto lainnya (2)"
    pictures = gallery.locator("img.gallery-image")
    assert pictures.count() == 2
    for index in range(2):
        pictures.nth(index).scroll_into_view_if_needed()
        pictures.nth(index).evaluate(
            "img => img.complete || new Promise(done => img.addEventListener('load', done))"
        )
        assert pictures.nth(index).evaluate("img => img.naturalWidth > 0")
        box = pictures.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[device]
    assert gallery.locator("figcaption").first.inner_text().startswith("Kapolres Jember memeriksa")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
    name = f"public-gallery-{device}-{'js' if javascript else 'nojs'}"
    screenshot(page, name)
    # A tap opens the large photo itself: a plain link, nothing to run.
    gallery.locator("a.gallery-link").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("-article.jpg")
    assert page.evaluate("document.images[0].naturalWidth") == 900
    context.close()


def test_skip_link_is_the_first_stop_and_focus_is_visible(live_server, site, page):
    page.goto(live_server.url + RELEASE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Langsung ke konten"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_copy_link_copies_the_release_address(live_server, site, browser):
    context = browser.new_context(locale="id-ID")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + RELEASE)
    page.get_by_role("link", name="Salin tautan").click()
    # The copy is asynchronous: wait for the status message it writes.
    page.locator("#copy-status", has_text="Tautan disalin.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == live_server.url + RELEASE
    assert page.url == live_server.url + RELEASE
    assert errors == [], "no CSP violation or script error"
    context.close()


def test_english_interface_through_the_language_button(live_server, site, page):
    page.goto(live_server.url + RELEASE)
    page.get_by_role("button", name="English").click()
    assert page.url == live_server.url + RELEASE
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Share").is_visible()
    assert "Friday, 30 August 2024 15:54 WIB" in page.locator("time").first.inner_text()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "srcset"):
            value = attrs.get(name)
            if not value:
                continue
            if name == "srcset":
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                self.found.append(value)


def test_every_internal_link_from_the_home_page_answers(live_server, site, page):
    origin = urlsplit(live_server.url).netloc
    todo, seen, broken = [live_server.url + "/"], set(), []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.request.get(url, max_redirects=0)
        if response.status != 200:
            broken.append((url, response.status))
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        parser = Links()
        parser.feed(response.text())
        for link in parser.found:
            target = urldefrag(urljoin(url, link)).url
            if urlsplit(target).netloc == origin and target not in seen:
                todo.append(target)
    assert broken == []
    visited = {urlsplit(u).path for u in seen}
    for expected in [
        RELEASE,
        "/unit/polres-jember/",
        "/tag/jember/",
        "/penulis/siswandi/",
        "/arsip/2024/08/",
        "/feed/",
        "/sitemap.xml",
        "/static/css/site.css",
    ]:
        assert expected in visited, expected
    assert any(p.startswith("/media/releases/") for p in visited)


CONTRAST_PROBLEMS = """
() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const el of document.querySelectorAll("body *")) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join("");
    const style = getComputedStyle(el);
    if (!text || style.visibility === "hidden" || el.offsetParent === null || el.closest(".visually-hidden")) continue;
    const [l1, l2] = [lum(parse(style.color).slice(0, 3)), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) problems.push(`${el.tagName}.${el.className} "${text.slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return problems;
}
"""

OUTLINE = """
() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]))
"""


@pytest.mark.parametrize(
    "path", ["/", RELEASE, "/unit/polres-jember/", "/tag/jember/", "/cari/?q=jember", "/tidak-ada/"]
)
def test_pages_are_accessible(live_server, site, page, path):
    page.goto(live_server.url + path)
    assert page.evaluate(CONTRAST_PROBLEMS) == [], "text passes WCAG AA contrast"
    levels = page.evaluate(OUTLINE)
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert page.locator("img:not([alt])").count() == 0
    for landmark in ("banner", "main", "contentinfo", "search"):
        assert page.get_by_role(landmark).count() >= 1, landmark


def test_release_page_works_without_javascript(live_server, site, browser):
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + RELEASE)
    copy = page.get_by_role("link", name="Salin tautan")
    assert copy.get_attribute("href") == live_server.url + RELEASE
    assert (
        page.get_by_role("link", name="WhatsApp").get_attribute("href").startswith("https://wa.me/")
    )
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_print_style_keeps_the_release_and_drops_the_chrome(live_server, site, page):
    page.goto(live_server.url + RELEASE)
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    assert page.locator(".release-body").is_visible()
    for chrome in (".site-header", ".site-footer", ".share", ".prev-next", ".breadcrumbs"):
        assert not page.locator(chrome).is_visible(), chrome
