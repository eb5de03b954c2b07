"""The site's URLs plus the two ceilings the benchmark compares every page with."""

import datetime

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from articles.models import Article, Unit
from newsroom import urls as site_urls

CEILING_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Rilis terbaru</h1>'
    '{% for article in object_list %}{% include "includes/article_card.html" with heading="h3" %}'
    "{% endfor %}{% endblock content %}"
)


def in_memory_releases():
    """Return 20 unsaved releases like the bench data's, with their unit; no database."""
    unit = Unit(name="Polres Jember", slug="polres-jember", time_zone="Asia/Jakarta")
    start = datetime.datetime(2024, 8, 30, 8, 54, tzinfo=datetime.UTC)
    releases = []
    for i in range(20):
        article = Article(
            title=f"Polres Jember Gelar Patroli Skala Besar Jelang Pilkada Serentak {i}",
            slug=f"polres-jember-gelar-patroli-skala-besar-{i}",
            lead="Personel gabungan melaksanakan patroli di wilayah hukum Polres Jember "
            "untuk memastikan situasi tetap aman dan kondusif menjelang pemungutan suara.",
            body="<p>Jember - Personel melaksanakan patroli.</p>",
            published_at=start - datetime.timedelta(hours=i),
            unit=unit,
        )
        article.pub_date = article.published_at.date()
        releases.append(article)
    return releases


RELEASES = in_memory_releases()


def ok(request):
    return HttpResponse("ok")


def template_ceiling(request):
    """A 20-item release list rendered from memory with the site's templates and engine."""
    return HttpResponse(CEILING_TEMPLATE.render({"object_list": RELEASES}, request))


urlpatterns = [
    path("_bench/ok/", ok),
    path("_bench/template/", template_ceiling),
    *site_urls.urlpatterns,
]
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
