import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_home_lists_both_seed_releases_newest_first(client, seed_data):
    response = client.get("/")
    assert response.status_code == 200
    titles = [a.title for a in response.context["object_list"]]
    assert titles == [
        "Pastikan Kelancaran Pilkada 2024, Polres Jember Ikuti Rakor Persiapan "
        "Pendistribusian Logistik",
        "Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring Verifikasi di KPU",
    ]


def test_release_page_shows_title_reporter_unit_wib_date_and_body(client, seed_data):
    url = "/berita/2024/08/30/polres-jember-lakukan-pengamanan-ketat-pelaksanaan-monitoring-verifikasi-di-kpu/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Polres Jember Lakukan Pengamanan Ketat Pelaksanaan Monitoring" in html
    assert ">Siswandi</a>" in html
    assert ">Polres Jember</a>" in html
    assert (
        '<time datetime="2024-08-30T15:54:00+07:00">Jumat, 30 Agustus 2024 15:54 WIB</time>' in html
    )
    assert "Pengamanan difokuskan di sekitar Kantor KPU" in html
    assert "(AR)" in html


def test_release_page_without_known_time_shows_only_the_date(client, seed_data):
    url = "/berita/2024/11/16/pastikan-kelancaran-pilkada-2024-polres-jember-ikuti-rakor-persiapan-pendistribusian-logistik/"
    html = client.get(url).content.decode()
    assert ">Sabtu, 16 November 2024</time>" in html


@pytest.mark.parametrize(
    "status, delta",
    [("draft", -1), ("review", -1), ("published", +1)],
    ids=["draft", "review", "scheduled"],
)
def test_release_that_is_not_public_is_404_and_absent_from_home(client, status, delta):
    article = ArticleFactory(
        status=status, published_at=timezone.now() + datetime.timedelta(hours=delta)
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(reverse("articles:home")).content.decode()


def test_title_is_escaped_on_every_page(client):
    article = ArticleFactory(title="<script>alert(1)</script> Patroli")
    for url in [article.get_absolute_url(), "/"]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Patroli" in html


def test_home_is_paginated(client):
    ArticleFactory.create_batch(21)
    assert len(client.get("/").context["object_list"]) == 20
    assert len(client.get("/?page=2").context["object_list"]) == 1
    assert client.get("/?page=3").status_code == 404
