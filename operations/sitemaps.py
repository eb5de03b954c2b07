from django.contrib.sitemaps import Sitemap

from .models import Operation


class OperationSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Operation.objects.only("slug", "updated_at").order_by("-start_date", "pk")

    def lastmod(self, item):
        return item.updated_at
