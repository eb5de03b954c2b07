import datetime
import zoneinfo

from articles.importers.base import Release, import_key

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def release(**fields):
    defaults = {
        "title": "Patroli Rutin",
        "body": "<p>Personel melaksanakan patroli.</p>",
        "published_at": datetime.datetime(2024, 9, 1, 8, 0, tzinfo=WIB),
    }
    return Release(**{**defaults, **fields})


def test_key_is_the_release_url_without_scheme_or_trailing_slash():
    a = release(source_url="http://Jember.Polres.id/berita/patroli/")
    b = release(source_url="https://jember.polres.id/berita/patroli", body="<p>Diubah.</p>")
    assert import_key(a) == import_key(b)


def test_a_portal_home_page_is_not_a_key_so_the_text_decides():
    home = release(source_url="http://JEMBER.POLRES.ID")
    assert import_key(home) == import_key(release())
    assert import_key(home) != import_key(release(body="<p>Lain.</p>"))
    assert import_key(release(source_url="https://jember.polres.id/?p=12")) != import_key(home)


def test_text_key_ignores_markup_case_and_spacing_but_not_the_day():
    assert import_key(release(body="<p>Personel  melaksanakan <b>patroli</b>.</p>")) == import_key(
        release(body="<p>personel melaksanakan patroli.</p>")
    )
    later = release(published_at=datetime.datetime(2024, 9, 2, 8, 0, tzinfo=WIB))
    assert import_key(later) != import_key(release())


def test_an_explicit_key_wins():
    assert import_key(release(import_key="wp-101")) == "wp-101"
