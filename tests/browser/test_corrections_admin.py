"""Minta koreksi and Ralat in a real browser: reporter asks, editor answers, reader sees."""

import pytest
from django.contrib.auth.models import Group, Permission

from articles.models import Article, Author
from corrections.models import Correction, CorrectionRequest
from tests.browser.test_editorial import workspace  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editors_see_corrections(workspace):  # noqa: F811
    """Transactional tests flush the groups' permissions: give editors the corrections' again."""
    Group.objects.get(name="Editor").permissions.add(
        *Permission.objects.filter(content_type__app_label="corrections")
    )
    return workspace


def test_reporter_asks_editor_corrects_reader_sees(editors_see_corrections, screenshot):
    base, open_as = editors_see_corrections["url"], editors_see_corrections["open_as"]
    release = Article.objects.get(slug__startswith="polres-jember-lakukan-pengamanan")
    release.authors.add(Author.objects.get(slug="andi-wijaya"))

    reporter = open_as("andi")
    reporter.set_viewport_size({"width": 390, "height": 844})
    reporter.goto(f"{base}/admin/articles/article/{release.pk}/change/")
    reporter.get_by_role("link", name="Minta koreksi").click()
    reporter.fill("#id_note", "Nama Kapolres kurang lengkap: AKBP Bayu Pratama Gubunagi.")
    screenshot(reporter, "minta-koreksi-phone")
    reporter.get_by_role("button", name="Kirim ke editor").click()
    reporter.locator(".messagelist", has_text="Permintaan koreksi dikirim").wait_for()
    assert reporter.evaluate("document.documentElement.scrollWidth") <= 390

    editor = open_as("rina")
    editor.goto(base + "/admin/")
    requests = editor.locator("#permintaan-koreksi")
    assert "Nama Kapolres kurang lengkap" in requests.inner_text()
    screenshot(editor, "dashboard-correction-request-desktop")
    requests.get_by_role("link", name="Jadikan ralat").click()
    assert editor.locator("#id_change_kind input[value=ralat]").is_checked()
    editor.fill(
        "#id_correction_text",
        "Sebelumnya tertulis AKBP Bayu; yang benar AKBP Bayu Pratama Gubunagi.",
    )
    editor.fill("#id_lead", "Pengamanan dipimpin Kapolres AKBP Bayu Pratama Gubunagi.")
    screenshot(editor, "release-form-correction-desktop")
    editor.get_by_role("button", name="Simpan perubahan").click()
    editor.locator(".messagelist .success").wait_for()

    assert CorrectionRequest.objects.get().status == "done"
    correction = Correction.objects.public().get()
    visitor = open_as()
    visitor.set_viewport_size({"width": 390, "height": 844})
    visitor.goto(base + release.get_absolute_url())
    notice = visitor.locator(f"#ralat-{correction.pk}")
    assert "yang benar AKBP Bayu Pratama Gubunagi" in notice.inner_text()
    assert editors_see_corrections["problems"] == []
