from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .models import Correction

FEED_LENGTH = 20


class CorrectionsFeed(Feed):
    """RSS 2.0 feed of the latest public corrections and withdrawals."""

    title = _("Rilis Humas: ralat")
    link = reverse_lazy("corrections:list")
    description = _("Ralat dan rilis yang ditarik, terbaru lebih dulu.")

    def items(self):
        return Correction.objects.public().select_related("article__unit")[:FEED_LENGTH]

    def item_title(self, item):
        if item.kind == Correction.Kind.WITHDRAWAL:
            return _("Ditarik: %(title)s") % {"title": item.article.title}
        return _("Ralat: %(title)s") % {"title": item.article.title}

    def item_description(self, item):
        # RSS readers render the description as HTML: the plain text is escaped once, here.
        return escape(item.text or item.get_kind_display())

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"ralat-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.local_created_at
