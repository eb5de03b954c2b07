"""The pre-publication checklist on a phone: the editor confirms each finding, then publishes."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from articles.models import Article, Unit
from screening.models import Confirmation
from tests.browser.test_editorial import PASSWORD, REPORT_CSP, ensure_roles

pytestmark = pytest.mark.django_db(transaction=True)

SENTENCE = "Petugas mengamankan tersangka Budi Santoso (35) di rumahnya."
PHONE = {"width": 390, "height": 844}


def test_an_editor_on_a_phone_confirms_each_finding_then_publishes(
    seed_data, browser, live_server, screenshot
):
    ensure_roles()
    # Transactional tests start from flushed tables: put the default rules back.
    importlib.import_module("screening.migrations.0002_default_rules").create_rules(apps, None)
    editor = User.objects.create_user("rina", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    article = Article.objects.create(
        title="Polsek Kaliwates Amankan Pelaku Curanmor",
        body=f"<p>Jember - {SENTENCE}</p><p>Korban berinisial SN (16) melapor.</p>",
        unit=Unit.objects.get(slug="polsek-kaliwates"),
        status=Article.Status.REVIEW,
    )
    context = browser.new_context(
        locale="id-ID", timezone_id="Asia/Jakarta", viewport=PHONE, is_mobile=True, has_touch=True
    )
    problems = []
    page = context.new_page()
    page.add_init_script(REPORT_CSP)
    page.on("console", lambda m: problems.append(m.text) if "CSP violation" in m.text else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    try:
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "rina")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

        # The finding is shown before anything is tried, with its sentence.
        finding = page.locator(".screening-finding")
        assert finding.count() == 1
        assert SENTENCE in finding.locator(".screening-sentence").inner_text()

        # Publishing without confirming is refused; the text stays in the form.
        page.fill("#id_lead", "Ringkasan yang ditulis sebelum ditolak.")
        page.get_by_role("button", name="Terbitkan sekarang").click()
        page.wait_for_load_state()
        errors = page.locator(".field-screening .errorlist")
        assert "belum dikonfirmasi" in errors.inner_text()
        assert page.input_value("#id_lead") == "Ringkasan yang ditulis sebelum ditolak."
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW
        choice = page.locator(".screening-finding select")
        choice.scroll_into_view_if_needed()
        box = choice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # fits the phone
        screenshot(page, "screening-phone-refused")

        # Confirmed, it publishes; the confirmation names the editor.
        choice.select_option("inisial")
        page.get_by_role("button", name="Terbitkan sekarang").click()
        page.wait_for_url(f"{live_server.url}/admin/articles/article/")
        article.refresh_from_db()
        assert article.is_public
        confirmation = Confirmation.objects.get(article=article)
        assert (confirmation.confirmed_by, confirmation.reason) == (editor, "inisial")

        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        assert "sudah dicek: inisial" in page.locator(".screening-confirmed").inner_text()
        screenshot(page, "screening-phone-confirmed")
        assert problems == []
    finally:
        context.close()
