"""WordPress's own importer test files (other projects' data, used where they are).

Each file is imported alone and checked against what the folder's README says it contains:
no crash, the broken ones refused with a reason, password-protected posts never public, the
theme unit test's posts all in. Skipped, with a message, when the folder is absent.
"""

import os
import unittest
from pathlib import Path

import pytest
from django.conf import settings

from articles.importers import import_paths
from articles.models import Article

SHARED = Path(settings.BASE_DIR).parent / "shared"
if not (SHARED / "wxr-conformance").is_dir() and os.environ.get("NEWSROOM_SHARED_DIR"):
    SHARED = Path(os.environ["NEWSROOM_SHARED_DIR"])
WXR_DIR = SHARED / "wxr-conformance"

pytestmark = pytest.mark.skipif(
    not WXR_DIR.is_dir(),
    reason=f"WXR conformance suite not found at {WXR_DIR} (../shared/wxr-conformance); skipping",
)

REFUSED = {
    "wagtailwp__test.xml": "bukan ekspor WordPress (WXR): elemen akarnya <catalog>",
    "wpimporter__phpunit_data_crazy-cdata.xml": "XML rusak di baris 18",
    "wpimporter__phpunit_data_malformed.xml": "XML rusak di baris 90",
    "wpimporter__phpunit_data_malformed-simple.xml": "XML rusak di baris 14",
    "wpimporter__phpunit_data_invalid-version-tag.xml": "versi WXR tidak sah: 'abc'",
    "wpimporter__phpunit_data_missing-version-tag.xml": "tidak ada <wp:wxr_version>",
}
# File -> releases the README expects (posts only; everything else is skipped).
RELEASES = {
    "wagtailwp__post_meta.xml": 5,
    "wagtailwp__raw_xml.xml": 1,
    "wpimporter__e2e_fixtures_wxr-base-url-rewriting.xml": 1,
    "wpimporter__e2e_fixtures_wxr-comprehensive.xml": 1,
    "wpimporter__e2e_fixtures_wxr-css-urls.xml": 1,
    "wpimporter__e2e_fixtures_wxr-simple.xml": 1,
    "wpimporter__phpunit_data_a11y-unit-test-data.xml": 47,
    "wpimporter__phpunit_data_authors-multiline.xml": 1,
    "wpimporter__phpunit_data_backslashes.xml": 1,
    "wpimporter__phpunit_data_blank-lines.xml": 1,
    "wpimporter__phpunit_data_cdata-edge.xml": 1,
    "wpimporter__phpunit_data_chunked-meta.xml": 1,
    "wpimporter__phpunit_data_crazy-cdata-escaped.xml": 1,
    "wpimporter__phpunit_data_large-authors.xml": 0,
    "wpimporter__phpunit_data_missing-tags.xml": 1,
    "wpimporter__phpunit_data_multiple-cdata.xml": 1,
    "wpimporter__phpunit_data_namespace-edge-cases.xml": 5,
    "wpimporter__phpunit_data_post-content-blank-lines.xml": 1,
    "wpimporter__phpunit_data_slashes.xml": 1,
    "wpimporter__phpunit_data_small-export.xml": 6,
    "wpimporter__phpunit_data_term-formats.xml": 0,
    "wpimporter__phpunit_data_term-meta.xml": 0,
    "wpimporter__phpunit_data_test-serialized-comment-meta.xml": 1,
    "wpimporter__phpunit_data_test-serialized-postmeta-no-cdata.xml": 1,
    "wpimporter__phpunit_data_test-serialized-postmeta-with-cdata.xml": 1,
    "wpimporter__phpunit_data_test-serialized-term-meta.xml": 1,
    "wpimporter__phpunit_data_test-utw-post-meta-import.xml": 1,
    "wpimporter__phpunit_data_theme-unit-test-data.xml": 58,
    "wpimporter__phpunit_data_valid-wxr-1.0.xml": 3,
    "wpimporter__phpunit_data_valid-wxr-1.1.xml": 1,
    "wpimporter__phpunit_data_wxr-flat-attachment-different-site.xml": 1,
    "wpimporter__phpunit_data_wxr-flat-attachment-same-site.xml": 1,
    "wpimporter__phpunit_data_wxr-simple.xml": 1,
    "wpimporter__phpunit_data_wxr-utf-8-challenges.xml": 1,
    "wpimporter__phpunit_data_wxr-with-sub-data.xml": 1,
}
# None of these sites names a unit (see test_a_site_that_names_no_unit_holds_every_post): an
# operator names it with --unit, as for any WordPress site whose posts do not.
UNIT = "polres-jember"
THEME = "wpimporter__phpunit_data_theme-unit-test-data.xml"
A11Y = "wpimporter__phpunit_data_a11y-unit-test-data.xml"


def path_of(name):
    path = WXR_DIR / name
    if not path.is_file():
        raise unittest.SkipTest(f"{name} not in {WXR_DIR}; skipping")
    return path


def test_the_readme_covers_every_file_of_the_folder():
    assert sorted(p.name for p in WXR_DIR.glob("*.xml")) == sorted({*REFUSED, *RELEASES})


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_broken_or_foreign_file_is_refused_whole_with_the_reason(units, name):
    summary = import_paths([path_of(name)])
    assert summary.written == 0 and Article.objects.count() == 0
    assert len(summary.failures) == 1 and REFUSED[name] in summary.failures[0]


@pytest.mark.parametrize("name", sorted(RELEASES))
def test_every_post_of_a_valid_file_is_in_and_nothing_else(units, name):
    summary = import_paths([path_of(name)], unit=UNIT)
    assert summary.failures == []
    assert summary.created == RELEASES[name] == Article.objects.count()
    # Importing the same file again changes nothing (R10).
    again = import_paths([path_of(name)], unit=UNIT)
    assert (again.created, again.updated, again.unchanged) == (0, 0, RELEASES[name])
    # Never public without a date, a title or a body the export gave.
    for article in Article.objects.published():
        assert article.published_at and article.title and article.body
        assert not article.import_unsure


@pytest.mark.parametrize("name", [THEME, A11Y])
def test_password_protected_and_past_scheduled_posts_are_never_public(units, name):
    import_paths([path_of(name)], unit=UNIT)
    protected = Article.objects.get(title='Template: Password Protected (the password is "enter")')
    assert protected.status == Article.Status.DRAFT
    assert "dilindungi kata sandi" in protected.import_notes
    assert Article.objects.get(title="Draft").status == Article.Status.DRAFT
    scheduled = Article.objects.get(title="Scheduled")
    assert not scheduled.is_public
    assert Article.objects.filter(title="Template: Sticky", featured=True).exists()


def test_the_theme_unit_test_keeps_its_titles_and_holds_the_unsure_posts(units):
    summary = import_paths([path_of(THEME)], unit=UNIT)
    assert summary.created == 58
    assert summary.skipped_kinds == {"halaman": 21, "lampiran": 37, "item menu": 70}
    titles = set(Article.objects.values_list("title", flat=True))
    assert "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>" in titles
    assert (
        "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu"
        in titles
    )
    assert "Markup: Title With Markup" in titles
    # The featured images were not brought (no --media): held for a human, with the file.
    featured = Article.objects.get(title="Template: Featured Image (Horizontal)")
    assert featured.status == Article.Status.REVIEW and featured.import_unsure
    assert "2013/03/featured-image-horizontal.jpg" in featured.import_notes
    # No shortcode is left raw in any body.
    for body in Article.objects.values_list("body", flat=True):
        assert "[gallery" not in body and "[caption" not in body and "[audio" not in body
    assert summary.held == Article.objects.held_from_import().count() > 0


def test_utf8_challenges_lose_only_the_bidi_controls_of_the_title(units):
    import_paths([path_of("wpimporter__phpunit_data_wxr-utf-8-challenges.xml")], unit=UNIT)
    article = Article.objects.get()
    assert article.title == '"The Road Not Taken" by Robert Frost \U0001f332'
    assert "bidi" in article.import_notes
    # The body is HTML, where "&#xD800;" is a (bad) character reference: it reads as U+FFFD,
    # as in a browser, never as a lone surrogate PostgreSQL would refuse.
    assert "\ufffd" in article.body
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in article.body)


def test_escaped_cdata_and_backslashes_survive(units):
    import_paths(
        [
            path_of("wpimporter__phpunit_data_crazy-cdata-escaped.xml"),
            path_of("wpimporter__phpunit_data_backslashes.xml"),
            path_of("wpimporter__phpunit_data_slashes.xml"),
        ]
    )
    bodies = set(Article.objects.values_list("body", flat=True))
    assert "<p>Content with nested &lt;![CDATA[ tags ]]&gt; :)</p>" in bodies
    assert "<p>C:\\xampp\\htdocs\\wp-content</p>" in bodies
    assert '<p>Slashes aren\\\'t \\"cool\\"</p>' in bodies


def test_an_emoji_host_keeps_the_post_and_its_address_in_ascii(units):
    import_paths([path_of("wpimporter__e2e_fixtures_wxr-base-url-rewriting.xml")])
    article = Article.objects.get()
    assert article.title == '"The Road Not Taken" by Robert Frost'
    assert article.source_url.startswith("https://xn---science-7f85g.com/")


def test_five_hello_worlds_of_five_exports_stay_five_and_a_second_run_changes_nothing(units):
    names = [
        "wpimporter__phpunit_data_post-content-blank-lines.xml",
        "wpimporter__phpunit_data_slashes.xml",
        "wpimporter__phpunit_data_small-export.xml",
        "wpimporter__phpunit_data_valid-wxr-1.0.xml",
        "wpimporter__phpunit_data_valid-wxr-1.1.xml",
    ]
    import_paths([path_of(name) for name in names])
    assert Article.objects.filter(title="Hello world!").count() == 5
    again = import_paths([path_of(name) for name in names])
    assert (again.created, again.updated, again.failed) == (0, 0, 0)


def test_the_whole_folder_imports_without_a_crash_and_again_unchanged(units):
    first = import_paths([WXR_DIR], unit=UNIT)
    # The folder's README.md describes it: skipped, not a failure.
    assert len(first.failures) == len(REFUSED) and first.skipped_kinds["dokumen folder"] == 1
    # Every post is in once (two posts are in two files each), or merged: the accessibility
    # test data repeats theme unit test posts, from another site on the same days.
    assert first.created + first.merged == sum(RELEASES.values()) - 2
    assert first.merged and all(
        THEME.split("__")[1] in merge or A11Y.split("__")[1] in merge for merge in first.merges
    )
    again = import_paths([WXR_DIR], unit=UNIT)
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    assert not Article.objects.published().filter(title__startswith="Template: Password").exists()


def test_a_site_that_names_no_unit_holds_every_post(units):
    # "My WordPress Website" names no unit and neither does its post: the unit is the
    # default, a guess, so the post waits for an editor; --unit names it and it is published.
    name = "wpimporter__phpunit_data_wxr-simple.xml"
    summary = import_paths([path_of(name)])
    article = Article.objects.get()
    assert summary.held == 1 and article.status == Article.Status.REVIEW
    assert "Perlu dicek: rilis tidak menyebut satuannya" in article.import_notes
    again = import_paths([path_of(name)], unit=UNIT)
    article.refresh_from_db()
    assert again.updated == 1 and article.status == Article.Status.PUBLISHED
    assert not article.import_unsure
