"""The release form on a phone and a desktop: autosave, leaving, presence and the buttons."""

import re
import time

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article, Author, Unit
from tests.browser.test_editorial import PASSWORD, REPORT_CSP, ensure_roles
from workspace.models import Autosave

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.fixture(params=list(VIEWPORTS))
def desk(request, seed_data, browser, live_server, settings):
    """Users of both roles, and a way to open a browser as each, at one viewport."""
    settings.WORKSPACE_AUTOSAVE_SECONDS = 1
    settings.WORKSPACE_HEARTBEAT_SECONDS = 1
    ensure_roles()
    unit = Unit.objects.get(slug="polsek-kaliwates")
    reporter = User.objects.create_user("andi", password=PASSWORD, is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    Author.objects.create(name="Bripka Andi Wijaya", slug="andi-wijaya", user=reporter, unit=unit)
    editor = User.objects.create_user(
        "budi", password=PASSWORD, is_staff=True, first_name="Budi", last_name="Santoso"
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    contexts, problems = [], []

    def open_as(username):
        context = browser.new_context(
            locale="id-ID", timezone_id="Asia/Jakarta", **VIEWPORTS[request.param]
        )
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(REPORT_CSP)
        page.on("console", lambda m: problems.append(m.text) if "CSP violation" in m.text else None)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        return page

    yield {
        "url": live_server.url,
        "open_as": open_as,
        "problems": problems,
        "unit": unit,
        "name": request.param,
        "reporter": reporter,
    }
    for context in contexts:
        context.close()
    # Closing a page sends its last beacons; let them land before the tables are emptied.
    time.sleep(0.5)


def write(page, title, text):
    page.fill("#id_title", title)
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type(text)


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_autosave_survives_closing_the_page_and_is_offered_back(desk, screenshot):
    base, name = desk["url"], desk["name"]
    page = desk["open_as"]("andi")
    page.goto(base + "/admin/articles/article/add/")
    write(page, "Razia Knalpot Brong di Kaliwates", "Satlantas menindak 12 sepeda motor.")
    # Saved on the server a moment after the change, never as a release.
    page.locator("[data-autosave-status]", has_text="Tersimpan otomatis").wait_for()
    assert not Article.objects.filter(title__startswith="Razia").exists()
    # More typing, then the phone closes the tab at once: the rest goes out as a beacon.
    page.keyboard.type(" Pengendara diberi teguran.")
    page.close(run_before_unload=False)
    wait_for(lambda: "teguran" in "".join(Autosave.objects.get(user=desk["reporter"]).data["body"]))

    again = desk["open_as"]("andi")
    again.goto(base + "/admin/articles/article/add/")
    offer = again.locator("[data-autosave-offer]")
    offer.wait_for()
    assert re.fullmatch(
        r"Pulihkan teks yang belum disimpan \(disimpan \d\d\.\d\d\)",
        offer.locator("[data-autosave-offer-title]").inner_text(),
    )
    assert "Judul" in offer.inner_text() and "Isi" in offer.inner_text()
    screenshot(again, f"workspace-autosave-offer-{name}")
    again.get_by_role("button", name="Pulihkan").click()
    assert again.locator("#id_title").input_value() == "Razia Knalpot Brong di Kaliwates"
    assert (
        "Pengendara diberi teguran."
        in again.locator(".ProseMirror[contenteditable=true]").inner_text()
    )
    # Saving the release removes the autosave; nothing is offered on the next add form.
    again.get_by_role("button", name="Simpan draf").click()
    again.wait_for_url(re.compile(r".*/admin/articles/article/$"))
    article = Article.objects.get(title="Razia Knalpot Brong di Kaliwates")
    assert article.status == Article.Status.DRAFT
    assert not Autosave.objects.exists()
    again.goto(base + "/admin/articles/article/add/")
    again.wait_for_load_state("load")
    again.wait_for_timeout(300)
    assert again.locator("[data-autosave-offer]").is_hidden()
    assert desk["problems"] == []


def test_text_typed_offline_is_kept_on_the_device_and_offered(desk):
    base = desk["url"]
    page = desk["open_as"]("andi")
    page.goto(base + "/admin/articles/article/add/")
    # The connection drops for the autosave calls: nothing reaches the server.
    autosave_calls = "**/admin/ruang-kerja/**"
    page.context.route(autosave_calls, lambda route: route.abort())
    write(page, "Tanpa Sinyal di Lereng Raung", "Ditulis tanpa sinyal.")
    page.locator("[data-autosave-status]", has_text="Tidak tersambung").wait_for()
    page.close(run_before_unload=False)
    time.sleep(0.3)
    Autosave.objects.all().delete()  # in case a last beacon got through
    page.context.unroute(autosave_calls)
    fresh = page.context.new_page()
    fresh.goto(base + "/admin/articles/article/add/")
    fresh.locator("[data-autosave-offer]").wait_for()
    fresh.get_by_role("button", name="Pulihkan").click()
    assert fresh.locator("#id_title").input_value() == "Tanpa Sinyal di Lereng Raung"


def test_leaving_a_changed_form_asks_first_and_saving_does_not(desk):
    base = desk["url"]
    article = Article.objects.create(
        title="Patroli Dialogis", body="<p>Isi.</p>", unit=desk["unit"], created_by=desk["reporter"]
    )
    page = desk["open_as"]("andi")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    url = f"{base}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.fill("#id_title", "Patroli Dialogis Malam Minggu")
    page.locator("#site-name a").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url == url
    page.get_by_role("button", name="Ajukan ke editor").click()
    page.wait_for_url(re.compile(r".*/admin/articles/article/$"))
    assert dialogs == ["beforeunload"]
    article.refresh_from_db()
    assert article.title == "Patroli Dialogis Malam Minggu"
    assert article.status == Article.Status.REVIEW


def test_presence_and_scheduling_between_two_people(desk, screenshot):
    base, name = desk["url"], desk["name"]
    article = Article.objects.create(
        title="Operasi Lilin Semeru",
        body="<p>Isi.</p>",
        unit=desk["unit"],
        status=Article.Status.REVIEW,
        created_by=desk["reporter"],
    )
    url = f"{base}/admin/articles/article/{article.pk}/change/"
    reporter = desk["open_as"]("andi")
    reporter.goto(url)
    editor = desk["open_as"]("budi")
    editor.goto(url)
    notice = editor.locator("[data-presence]")
    assert re.fullmatch(
        r"Bripka Andi Wijaya sedang menyunting sejak \d\d\.\d\d", notice.locator("li").inner_text()
    )
    # The reporter learns of the editor at the next heartbeat.
    reporter.locator("[data-presence] li", has_text="Budi Santoso sedang menyunting").wait_for()
    screenshot(reporter, f"workspace-presence-{name}")

    # The zone beside the time follows the unit chosen.
    makassar = Unit.objects.create(
        name="Polres Makassar", slug="polres-makassar", kind="polres", time_zone="Asia/Makassar"
    )
    editor.reload()
    pick = """([id, text]) => {
        const $ = django.jQuery;
        $('#id_unit').append(new Option(text, id, true, true)).trigger('change');
    }"""
    editor.evaluate(pick, [str(makassar.pk), "Polres Makassar"])
    assert editor.locator("[data-zone-label]").inner_text() == "WITA"
    editor.evaluate(pick, [str(desk["unit"].pk), "Polsek Kaliwates"])
    assert editor.locator("[data-zone-label]").inner_text() == "WIB"
    # "Jadwalkan" appears for a time still to come, and names it.
    schedule = editor.locator("button[data-schedule-button]")
    assert schedule.is_hidden()
    editor.fill("#id_published_at", "2031-12-01T08:00")
    assert schedule.inner_text() == "Jadwalkan Senin, 1 Desember 2031 pukul 08.00 WIB"
    assert editor.locator("[data-zone-label]").inner_text() == "WIB"
    screenshot(editor, f"workspace-form-editor-{name}")
    # The bar stays in sight at the bottom of the screen while the form scrolls.
    editor.mouse.wheel(0, -5000)
    box = editor.locator(".workflow-bar").bounding_box()
    height = editor.viewport_size["height"]
    assert box["y"] + box["height"] <= height + 1 and box["y"] > height - 200
    schedule.click()
    editor.wait_for_url(re.compile(r".*/admin/articles/article/$"))
    assert (
        "Dijadwalkan tayang Senin, 1 Desember 2031 pukul 08.00 WIB"
        in editor.locator(".messagelist").inner_text()
    )
    article.refresh_from_db()
    assert article.is_scheduled
    screenshot(editor, f"workspace-scheduled-{name}")
    assert desk["problems"] == []


def test_compare_two_versions_and_restore_the_older_keeping_every_address(desk, screenshot):
    import datetime

    import reversion
    from django.test import Client

    base, name = desk["url"], desk["name"]
    editor = User.objects.get(username="budi")
    with reversion.create_revision():
        reversion.set_user(editor)
        article = Article.objects.create(
            title="Kapolsek Sambangi Warga",
            body="<p>Kapolsek menyambangi warga Kaliwates pada Jumat pagi.</p>",
            unit=desk["unit"],
            status=Article.Status.PUBLISHED,
            published_at=datetime.datetime(2024, 8, 30, 8, 54, tzinfo=datetime.UTC),
        )
    with reversion.create_revision():
        reversion.set_user(editor)
        article.body = "<p>Kapolsek menyambangi warga Kaliwates pada Sabtu pagi.</p>"
        article.published_at = datetime.datetime(2024, 8, 31, 8, 54, tzinfo=datetime.UTC)
        article.save()
    page = desk["open_as"]("budi")
    page.goto(f"{base}/admin/articles/article/{article.pk}/history/")
    page.get_by_role("link", name="Bandingkan dua versi").click()
    body_row = page.locator(".compare-table tr", has_text="Isi")
    assert body_row.locator("del").inner_text() == "Jumat"
    assert body_row.locator("ins").inner_text() == "Sabtu"
    assert "30-08-2024 15.54 WIB" in page.locator(".compare-table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"workspace-compare-{name}")
    page.locator("a.restore-version").click()
    assert page.locator(".restore-confirm").inner_text().startswith("Pulihkan versi ini?")
    page.get_by_role("button", name="Ya, pulihkan versi ini").click()
    page.wait_for_url(re.compile(r".*/admin/articles/article/$"))
    article.refresh_from_db()
    assert "Jumat" in article.body
    visitor = Client()
    assert visitor.get("/berita/2024/08/30/kapolsek-sambangi-warga/").status_code == 200
    moved = visitor.get("/berita/2024/08/31/kapolsek-sambangi-warga/")
    assert (moved.status_code, moved["Location"]) == (
        301,
        "/berita/2024/08/30/kapolsek-sambangi-warga/",
    )
    assert desk["problems"] == []


def test_reporter_reads_her_published_release_as_the_public_does(desk, screenshot):
    import datetime

    from django.utils import timezone

    article = Article.objects.create(
        title="Polsek Kaliwates Bagikan Sembako",
        body="<p>Polsek Kaliwates membagikan <strong>100 paket</strong> sembako.</p><ul><li>Beras</li></ul>",
        unit=desk["unit"],
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=2),
        created_by=desk["reporter"],
    )
    page = desk["open_as"]("andi")
    page.goto(f"{desk['url']}/admin/articles/article/{article.pk}/change/")
    assert page.locator(".release-rendered h1").inner_text() == article.title
    assert page.locator(".release-rendered strong").inner_text() == "100 paket"
    assert page.locator(".release-rendered li").inner_text() == "Beras"
    assert "hanya editor yang dapat mengubahnya" in page.locator(".readonly-why").inner_text()
    assert page.locator("button[name=_action]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"workspace-readonly-{desk['name']}")
    assert desk["problems"] == []
