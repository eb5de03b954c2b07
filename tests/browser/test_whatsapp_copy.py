"""'Salin untuk WhatsApp' on a phone (390x844, touch): one tap copies; without JS, a text box."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def release(seed_data):
    return Article.objects.get(slug__startswith="polres-jember-lakukan-pengamanan")


def phone(browser, live_server, **options):
    context = browser.new_context(locale="id-ID", **PHONE, **options)
    return context, context.new_page()


def test_one_tap_copies_the_message(live_server, browser, release, screenshot):
    context, page = phone(browser, live_server)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + release.get_absolute_url())
    button = page.get_by_role("button", name="Salin untuk WhatsApp")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["height"] >= 44  # a comfortable target for a thumb
    button.tap()
    page.locator("#whatsapp-text-status", has_text="Pesan WhatsApp disalin.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"*{release.title}*\n\n")
    assert f"{live_server.url}/r/{release.pk}/" in copied
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "whatsapp-copy-phone")
    context.close()


def test_without_the_clipboard_api_the_text_is_opened_and_selected(live_server, browser, release):
    context, page = phone(browser, live_server)
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(live_server.url + release.get_absolute_url())
    page.get_by_role("button", name="Salin untuk WhatsApp").tap()
    assert page.locator("details.whatsapp-text").evaluate("d => d.open")
    selected = page.evaluate(
        "document.activeElement.value.slice("
        "document.activeElement.selectionStart,"
        "document.activeElement.selectionEnd)"
    )
    assert selected.startswith(f"*{release.title}*")
    assert page.locator("#whatsapp-text-status").inner_text() != ""
    context.close()


def test_without_javascript_the_text_is_in_a_box_to_select(live_server, browser, release):
    context, page = phone(browser, live_server, java_script_enabled=False)
    page.goto(live_server.url + release.get_absolute_url())
    assert not page.get_by_role("button", name="Salin untuk WhatsApp").is_visible()
    page.locator("details.whatsapp-text summary", has_text="Salin untuk WhatsApp").tap()
    text = page.locator("#whatsapp-text")
    assert text.is_visible()
    assert text.input_value().startswith(f"*{release.title}*")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_correction_pages_on_a_phone(live_server, browser, release, screenshot):
    from django.contrib.auth.models import User

    from corrections.models import Correction

    editor = User.objects.create_superuser("redaktur")
    Correction.objects.record(
        release, "Sebelumnya tertulis Kapolres AKBP Bayu; yang benar AKBP Bayu Pratama.", by=editor
    )
    other = Article.objects.exclude(pk=release.pk).get()
    other.unpublish(by=editor, reason="Rilis ganda; lihat rilis 30 Agustus.")
    context, page = phone(browser, live_server)
    for name, path in [
        ("release-with-correction", release.get_absolute_url()),
        ("corrections-list", "/ralat/"),
        ("withdrawn-410", other.get_absolute_url()),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == (410 if name == "withdrawn-410" else 200)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        screenshot(page, f"{name}-phone")
    context.close()
