import pytest
from django.utils.http import http_date, parse_http_date

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["page-cache-on", "page-cache-off"])
def page_cache(request, settings):
    settings.PAGE_CACHE = request.param
    return request.param


def test_public_page_carries_validators_and_asks_to_revalidate(client, page_cache):
    ArticleFactory()
    response = client.get("/")
    assert response["ETag"].startswith('"')
    assert parse_http_date(response["Last-Modified"])
    assert response["Cache-Control"] == "no-cache"


def test_repeat_visit_with_if_none_match_gets_304_without_a_body(client, page_cache):
    ArticleFactory()
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_repeat_visit_with_if_modified_since_gets_304(client, page_cache):
    ArticleFactory()
    last_modified = client.get("/")["Last-Modified"]
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_release_page_answers_304_on_repeat(client, page_cache):
    url = ArticleFactory().get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_publishing_makes_the_old_validators_stale(client, page_cache, committed):
    ArticleFactory(title="Rilis Pertama")
    first = client.get("/")
    with committed():
        ArticleFactory(title="Rilis Kedua")
    response = client.get(
        "/",
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=http_date(parse_http_date(first["Last-Modified"]) - 1),
    )
    assert response.status_code == 200
    assert "Rilis Kedua" in response.content.decode()
    assert response["ETag"] != first["ETag"]


def test_missing_page_is_not_answered_with_304(client, page_cache):
    response = client.get("/berita/2020/01/01/tidak-ada/")
    assert response.status_code == 404
    assert client.get("/berita/2020/01/01/tidak-ada/", HTTP_IF_NONE_MATCH="*").status_code == 404


def test_logged_in_pages_get_no_shared_validators(client, admin_user):
    ArticleFactory()
    client.force_login(admin_user)
    response = client.get("/")
    assert not response.has_header("ETag")
