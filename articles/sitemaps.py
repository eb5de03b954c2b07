import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from operations.sitemaps import OperationSitemap

from .models import Article, Author, Unit

NEWS_WINDOW = datetime.timedelta(days=2)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10000

    def items(self):
        return Article.objects.published().only("slug", "pub_date", "updated_at").order_by("-pk")

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(Sitemap):
    """Releases of the last two days, in the Google News sitemap format."""

    limit = 1000

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.published().filter(published_at__gte=since).select_related("unit")

    def lastmod(self, item):
        return item.updated_at


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class UnitSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Unit.objects.only("slug")


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Author.objects.with_public_releases().only("slug").order_by("slug")


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Article.objects.published().popular_tags(limit=None).order_by("slug")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class ArchiveSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return Article.objects.published().dates("pub_date", "month", order="DESC")

    def location(self, item):
        return reverse("articles:archive", kwargs={"year": item.year, "month": f"{item.month:02d}"})


SITEMAPS = {
    "home": HomeSitemap,
    "releases": ArticleSitemap,
    "units": UnitSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "archives": ArchiveSitemap,
    "operations": OperationSitemap,
}
