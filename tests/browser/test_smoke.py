import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_visitor_reads_a_seed_release_from_the_home_page(
    live_server, seed_data, page, screenshot
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Polres Jember Lakukan Pengamanan Ketat").click()
    assert page.locator("h1").inner_text().startswith("Polres Jember Lakukan Pengamanan")
    assert "Jumat, 30 Agustus 2024 15:54 WIB" in page.locator("time").first.inner_text()
    screenshot(page, "smoke-release")
