"""RSS and Atom feeds of the visible releases.

Readers render an RSS <description> (of an item or of the channel) and an Atom
<summary type="html"> as HTML, titles, authors, categories and Atom's <subtitle> as text. The
generator only escapes for XML, so the text bound for an HTML element is HTML-escaped here, once.
"""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .html import summary
from .models import Article, Unit
from .views import public_tag_or_404

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """RSS 2.0 feed of the latest visible releases."""

    title = _("Rilis Humas: rilis terbaru")
    link = reverse_lazy("articles:home")
    description = _("Rilis resmi terbaru dari Humas kepolisian.")

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request; keep this request on a copy of it.
        feed = copy.copy(self)
        feed.request = request
        return super(LatestArticlesFeed, feed).__call__(request, *args, **kwargs)

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.articles(obj)
            .select_related("unit")
            .prefetch_related("authors", "tags", "photos")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(summary(item, 60))

    def item_pubdate(self, item):
        return item.local_published_at

    def item_updateddate(self, item):
        return item.updated_at.astimezone(item.unit.tzinfo)

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or item.unit.name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        # The size is the one stored with the photo: a feed never asks the storage, so it
        # is the same on every node whatever the storage answers.
        photo = item.main_photo
        if photo is None or not photo.file_size:
            return []
        url = self.request.build_absolute_uri(photo.image.url)
        return [Enclosure(url, str(photo.file_size), photo.mime_type)]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class UnitArticlesFeed(LatestArticlesFeed):
    """Releases of one unit and of the units below it."""

    def get_object(self, request, slug):
        return get_object_or_404(Unit, slug=slug)

    def title(self, obj):
        return _("Rilis Humas: %(unit)s") % {"unit": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return escape(_("Rilis terbaru dari %(unit)s.") % {"unit": obj.name})

    def articles(self, obj):
        return super().articles(obj).of_unit(obj)


class TagArticlesFeed(LatestArticlesFeed):
    """Releases with one tag."""

    def get_object(self, request, slug):
        return public_tag_or_404(slug)

    def title(self, obj):
        return _("Rilis Humas: tag %(tag)s") % {"tag": obj.name}

    def link(self, obj):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return escape(_("Rilis terbaru bertag %(tag)s.") % {"tag": obj.name})

    def articles(self, obj):
        return super().articles(obj).tagged(obj)
