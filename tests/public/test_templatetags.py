import pytest
from django.template import Context, Template
from django.test import RequestFactory

from articles.models import Article, Photo
from articles.templatetags.public import photo, with_dateline


def article(**fields):
    return Article(**{"title": "Judul", "body": "<p>Isi.</p>", **fields})


def test_dateline_goes_inside_the_first_paragraph_and_is_escaped():
    html = with_dateline(
        article(dateline="<b>Jember</b>", body='<p class="x">Polisi berjaga.</p><p>Dua.</p>')
    )
    assert html == (
        '<p class="x"><span class="dateline">&lt;b&gt;Jember&lt;/b&gt;</span> &ndash; '
        "Polisi berjaga.</p><p>Dua.</p>"
    )


def test_dateline_before_a_body_that_does_not_start_with_a_paragraph():
    html = with_dateline(article(dateline="Jember", body="<ul><li>Satu</li></ul>"))
    assert html.startswith('<p><span class="dateline">Jember</span> &ndash; </p><ul>')


def test_body_without_dateline_is_unchanged():
    assert with_dateline(article(dateline="", body="<p>Isi.</p>")) == "<p>Isi.</p>"


def test_photo_is_none_without_an_image():
    assert photo(None, "thumb") is None
    assert photo(Photo(), "thumb") is None


@pytest.mark.parametrize(
    "renditions",
    [{}, {"thumb": "rusak"}, {"thumb": {"width": 480}}, {"lain": {"jpeg": "x.jpg", "width": 1}}],
)
def test_photo_falls_back_to_the_original_when_renditions_are_missing_or_odd(renditions):
    item = Photo(image="releases/ab/foto.jpg", width=800, height=600, renditions=renditions)
    assert photo(item, "thumb") == {
        "src": "/media/releases/ab/foto.jpg",
        "width": 800,
        "height": 600,
        "srcset": "/media/releases/ab/foto.jpg 800w",
        "webp_srcset": "",
    }


def test_photo_uses_the_rendition_and_its_webp_twin():
    item = Photo(
        image="releases/ab/foto.jpg",
        width=1600,
        height=900,
        renditions={"thumb": {"width": 480, "height": 270, "jpeg": "t.jpg", "webp": "t.webp"}},
    )
    found = photo(item, "thumb")
    assert (found["src"], found["srcset"], found["webp_srcset"]) == (
        "/media/t.jpg",
        "/media/t.jpg 480w",
        "/media/t.webp 480w",
    )


def test_page_url_keeps_the_other_parameters():
    request = RequestFactory().get("/cari/", {"q": "a&b", "page": "3"})
    rendered = Template("{% load public %}{% page_url 4 %}").render(Context({"request": request}))
    assert rendered == "?q=a%26b&amp;page=4"
