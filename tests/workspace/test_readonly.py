"""A reporter opening her own published release reads it as the public does, and why."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.public.conftest import add_photo

pytestmark = pytest.mark.django_db


def test_reporter_reads_her_published_release_rendered_and_why(client, reporter, unit):
    article = ArticleFactory(
        unit=unit,
        created_by=reporter,
        title="Sosialisasi Tertib Lalu Lintas",
        body="<p>Satlantas memberi <strong>sosialisasi</strong> di sekolah.</p>",
    )
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Satlantas memberi <strong>sosialisasi</strong> di sekolah." in page
    assert "&lt;strong&gt;" not in page  # not its raw HTML
    assert "sudah terbit, jadi hanya editor yang dapat mengubahnya" in page
    assert 'name="_action"' not in page


def test_the_read_only_view_shows_the_photos_as_the_public_page_does(client, reporter, unit):
    article = ArticleFactory(unit=unit, created_by=reporter)
    add_photo(article, alt_text="Petugas di sekolah", caption="Sosialisasi di SMPN 1")
    add_photo(article, alt_text="Siswa menyimak", caption="Siswa kelas 8")
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    main, other = article.photos.all()
    rendered = page[page.index("release-rendered") :]
    assert (
        f'srcset="/media/{main.renditions["article"]["webp"]} ' in rendered.split("release-body")[0]
    )
    assert "Sosialisasi di SMPN 1" in rendered and "Siswa kelas 8" in rendered
    assert 'alt="Siswa menyimak"' in rendered  # the others, as the public page's gallery
    # Not the photo rows of the form: she reads the release, she does not edit it.
    assert "photos-TOTAL_FORMS" not in page


def test_an_editor_still_gets_the_form(client, editor, unit):
    article = ArticleFactory(unit=unit)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "readonly-why" not in page and 'name="_action"' in page
