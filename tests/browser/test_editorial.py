"""The editorial workflow in a real browser: write, submit, publish, read, and a stale save."""

import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission, User

from articles.models import Article, Author, Unit
from tests import imagedata

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "kata-sandi-uji-panjang-7"
TITLE = "Polsek Kaliwates Amankan Dua Pelaku Curanmor"

# Report every Content-Security-Policy violation to the console, with its source.
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  "CSP violation", e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber
));
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ensure_roles():
    """Transactional tests flush the tables, groups of the data migration included."""
    roles = importlib.import_module("articles.migrations.0002_roles").ROLES
    for name, codenames in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        )


@pytest.fixture
def workspace(seed_data, browser, live_server):
    """Users of both roles, and a way to open a browser as each of them."""
    ensure_roles()
    unit = Unit.objects.get(slug="polsek-kaliwates")
    reporter = User.objects.create_user("andi", password=PASSWORD, is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    Author.objects.create(name="Bripka Andi Wijaya", slug="andi-wijaya", user=reporter, unit=unit)
    for username in ("rina", "bayu"):
        editor = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editor"))

    contexts, problems = [], []

    def open_as(username=None):
        context = browser.new_context(
            locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(REPORT_CSP)
        page.on("console", lambda m: problems.append(m.text) if "CSP violation" in m.text else None)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        if username:
            # Through the login form, as people do (django-axes watches it).
            page.goto(live_server.url + "/admin/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(live_server.url + "/admin/")
        return page

    yield {"url": live_server.url, "open_as": open_as, "problems": problems, "unit": unit}
    for context in contexts:
        context.close()


def test_reporter_writes_editor_publishes_visitor_reads(workspace, tmp_path, screenshot):
    base, open_as = workspace["url"], workspace["open_as"]
    photo = tmp_path / "IMG_20240830_lokasi.jpg"
    photo.write_bytes(imagedata.jpeg_bytes(size=(1600, 1000), orientation=6))

    # A reporter writes a release with a photo and submits it for review.
    reporter = open_as("andi")
    reporter.goto(base + "/admin/articles/article/add/")
    assert reporter.locator("#id_unit").input_value() == str(workspace["unit"].pk)
    reporter.fill("#id_title", TITLE)
    reporter.fill("#id_dateline", "Jember")
    reporter.locator(".ProseMirror[contenteditable=true]").click()
    reporter.keyboard.type("Polsek Kaliwates mengamankan dua pelaku pencurian sepeda motor.")
    reporter.keyboard.press("Enter")
    reporter.keyboard.type("Kedua pelaku kini ditahan di Mapolsek Kaliwates.")
    reporter.keyboard.press("Enter")
    reporter.keyboard.type("Situs resmi Polri")
    reporter.keyboard.press("Shift+Home")
    reporter.click(".prose-menubar button[data-name=link]")
    assert reporter.locator("dialog[open] h3").inner_text() == "Ubah tautan"
    reporter.fill("dialog[open] input[name=href]", "https://polri.go.id/")
    reporter.click("dialog[open] button[type=submit]")
    # Reporters come from an autocomplete; the reporter's own name is already there.
    reporter.locator("#id_authors + .select2").click()
    reporter.keyboard.type("Siswa")
    reporter.locator(".select2-results__option", has_text="Siswandi").click()
    # Existing tags are suggested while typing.
    reporter.locator("#id_tags").press_sequentially("curanmor, polres")
    suggestion = reporter.locator("#id_tags_suggestions option").first
    suggestion.wait_for(state="attached")
    assert suggestion.get_attribute("value") == "curanmor, polresjember"
    reporter.fill("#id_tags", "curanmor, kaliwates")
    # The photo is uploaded as soon as it is chosen; the form then refers to it.
    reporter.set_input_files("#photo-choose-input", str(photo))
    reporter.locator("#photos-group .inline-related.photo-uploaded").wait_for()
    reporter.fill("#id_photos-0-alt_text", "Dua pelaku diamankan di Mapolsek Kaliwates")
    # The workflow is buttons that say what happens; a reporter cannot publish.
    bar = reporter.locator(".workflow-bar button")
    assert bar.all_inner_texts() == ["Simpan draf", "Ajukan ke editor"]
    screenshot(reporter, "editorial-change-form")
    reporter.get_by_role("button", name="Ajukan ke editor").click()
    reporter.wait_for_url(re.compile(r".*/admin/articles/article/$"))
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW
    assert sorted(a.name for a in article.authors.all()) == ["Bripka Andi Wijaya", "Siswandi"]
    assert "<p>Polsek Kaliwates mengamankan" in article.body
    assert '<a href="https://polri.go.id/"' in article.body
    photo = article.main_photo
    assert photo.height > photo.width  # turned upright
    assert "lokasi" not in photo.image.name

    # An editor finds it waiting for review on the dashboard and publishes it.
    editor = open_as("rina")
    screenshot(editor, "editorial-dashboard")
    editor.locator("#menunggu-tinjauan").get_by_role("link", name=TITLE).click()
    # It previews the release exactly as the public will see it, marked as not public.
    with editor.context.expect_page() as opened:
        editor.locator(".object-tools").get_by_role("link", name="Pratinjau", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == TITLE
    assert preview.locator(".preview-banner").is_visible()
    screenshot(preview, "editorial-preview")
    preview.close()
    # The release has a photo: the pre-publication check asks to confirm the faces are hidden.
    editor.select_option(".screening-finding select", "wajah_disamarkan")
    editor.get_by_role("button", name="Terbitkan sekarang").click()
    editor.wait_for_url(re.compile(r".*/admin/articles/article/$"))
    assert editor.locator(".messagelist .success").count() == 1
    screenshot(editor, "editorial-list")
    assert editor.locator("img.release-thumb").first.is_visible()
    article.refresh_from_db()
    assert article.is_public

    # An anonymous visitor sees it on the home page and reads it.
    visitor = open_as()
    visitor.goto(base + "/")
    visitor.get_by_role("link", name=TITLE).first.click()
    assert visitor.locator("h1").inner_text() == TITLE
    assert "Kedua pelaku kini ditahan" in visitor.locator("article").inner_text()

    assert workspace["problems"] == []


def test_second_editors_stale_save_is_refused(workspace, screenshot):
    base, open_as = workspace["url"], workspace["open_as"]
    article = Article.objects.create(
        title="Patroli Malam Polsek Kaliwates",
        body="<p>Isi awal.</p>",
        unit=workspace["unit"],
        status=Article.Status.REVIEW,
    )
    change_url = f"{base}/admin/articles/article/{article.pk}/change/"

    first = open_as("rina")
    first.goto(change_url)
    second = open_as("bayu")
    second.goto(change_url)
    second.fill("#id_lead", "Ringkasan dari editor kedua.")
    second.get_by_role("button", name="Ajukan ke editor").click()
    second.wait_for_url(re.compile(r".*/admin/articles/article/$"))

    first.fill("#id_title", "Judul dari editor pertama")
    first.get_by_role("button", name="Ajukan ke editor").click()
    error = first.locator(".errornote, .errorlist.nonfield")
    assert "sudah diubah orang lain" in first.locator(".errorlist.nonfield").inner_text()
    assert error.first.is_visible()
    screenshot(first, "editorial-stale-save")
    article.refresh_from_db()
    assert article.title == "Patroli Malam Polsek Kaliwates"
    assert article.lead == "Ringkasan dari editor kedua."
    # It names what the other editor changed, and its link opens the newer version in a new
    # tab, so the refused text stays in this one.
    assert "membuka rilis ini: Ringkasan." in first.locator(".errorlist.nonfield").inner_text()
    with first.context.expect_page() as opened:
        first.locator(".errorlist.nonfield a").click()
    newer = opened.value
    newer.wait_for_load_state()
    assert newer.locator("#id_lead").input_value() == "Ringkasan dari editor kedua."
    assert first.locator("#id_title").input_value() == "Judul dari editor pertama"
    assert workspace["problems"] == []


def test_editor_shares_a_preview_and_revokes_it(workspace, screenshot):
    base, open_as = workspace["url"], workspace["open_as"]
    article = Article.objects.create(
        title="Kapolres Tinjau Pos Pengamanan Natal",
        body="<p>Isi untuk disetujui Kapolres.</p>",
        unit=workspace["unit"],
        status=Article.Status.REVIEW,
    )
    editor = open_as("rina")
    editor.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    editor.locator(".object-tools").get_by_role("link", name="Bagikan pratinjau").click()
    editor.select_option("#id_lifetime", "3d")
    editor.click("input[name=create]")
    link = editor.locator("#share-link").input_value()
    # A copy button for the link; revoking looks like the destructive action it is.
    editor.context.grant_permissions(["clipboard-read", "clipboard-write"])
    editor.get_by_role("link", name="Salin tautan").click()
    # The status is written once the clipboard's promise settles.
    editor.locator("#copy-status", has_text="Tautan tersalin.").wait_for()
    assert editor.evaluate("navigator.clipboard.readText()") == link
    revoke_colour = editor.locator("input[name=revoke]").evaluate(
        "node => getComputedStyle(node).backgroundColor"
    )
    assert revoke_colour == "rgb(186, 33, 33)"
    screenshot(editor, "editorial-share-preview")

    kapolres = open_as()
    kapolres.goto(link)
    assert kapolres.locator("h1").inner_text() == article.title
    assert kapolres.locator(".preview-banner").is_visible()
    # One tap must not spread an embargoed draft: no share buttons on a preview.
    assert kapolres.locator(".share-link, [data-copy-link]").count() == 0

    editor.click("input[name=revoke]")
    assert editor.locator(".messagelist .success").count() == 1
    assert kapolres.goto(link).status == 404

    editor.goto(f"{base}/admin/articles/article/{article.pk}/history/")
    assert "Tautan pratinjau dicabut." in editor.locator("#change-history").inner_text()
    screenshot(editor, "editorial-history")
    assert workspace["problems"] == []
