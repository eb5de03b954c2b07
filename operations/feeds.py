from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from articles.feeds import LatestArticlesFeed

from .models import Operation


class OperationArticlesFeed(LatestArticlesFeed):
    """The public releases of one operation."""

    def get_object(self, request, slug):
        return get_object_or_404(Operation, slug=slug)

    def title(self, obj):
        return _("Rilis Humas: %(operation)s") % {"operation": obj.title}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return escape(_("Rilis terbaru tentang %(operation)s.") % {"operation": obj.title})

    def articles(self, obj):
        return super().articles(obj).filter(operation=obj)
