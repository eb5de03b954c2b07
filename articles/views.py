import datetime
import hashlib
import json
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import DateDetailView, ListView, MonthArchiveView, TemplateView, View
from taggit.models import Tag, TaggedItem

from corrections.notices import corrections_json_ld, notices_of, withdrawal_notice
from office.models import Office
from pagecache.fragments import cached

from . import search, whatsapp
from .html import summary
from .images import rendition_url
from .models import Article, Author, Unit
from .pagination import PublicPaginator
from .search import MAX_QUERY_LENGTH, clean_query

RELATED_COUNT = 4
FEATURED_COUNT = 4
POPULAR_TAG_COUNT = 15


def json_ld(data):
    """Return data as JSON safe inside a <script> element (like json_script)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - every character that could close the element is escaped


class PublicArticleMixin:
    """The one queryset every public view of releases starts from."""

    model = Article
    paginate_by = 20
    paginator_class = PublicPaginator

    # Lists newest first; the paginator's bookmarks rely on that order.
    newest_first = True

    def get_queryset(self):
        # Cards show each release's main photo: one query for the photos of the whole page.
        return Article.objects.published().select_related("unit").prefetch_related("photos")

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return super().get_paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            count_key=self.count_key(),
            bookmarks=self.newest_first,
            **kwargs,
        )

    def count_key(self):
        """Name the list by its address without the page number: the key of its cached count."""
        query = self.request.GET.copy()
        query.pop("page", None)
        address = f"{self.request.path}?{query.urlencode()}"
        return "count:" + hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()


class HomeView(PublicArticleMixin, ListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        published = Article.objects.published()
        # These change only with the releases, and counting tag uses over all of them is slow:
        # computed once per version of the public pages.
        around = cached(
            "home-around",
            lambda: {
                "featured": list(
                    published.filter(featured=True)
                    .select_related("unit")
                    .prefetch_related("photos")[:FEATURED_COUNT]
                ),
                # The Polda and Polres; each unit page lists the Polsek and satuan below it.
                "units": list(
                    Unit.objects.filter(kind__in=[Unit.Kind.POLDA, Unit.Kind.POLRES]).only(
                        "name", "slug", "kind"
                    )
                ),
                "popular_tags": list(published.popular_tags(POPULAR_TAG_COUNT)),
            },
        )
        return super().get_context_data(**around, **kwargs)


class ArticleDetailView(PublicArticleMixin, DateDetailView):
    date_field = "pub_date"
    month_format = "%m"
    day_format = "%d"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("authors", "tags", "photos")

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            moved = self.moved_article()
            if moved is not None:
                return HttpResponsePermanentRedirect(moved.get_absolute_url())
            withdrawn = self.withdrawn_article()
            if withdrawn is None:
                raise
            return withdrawn_response(request, withdrawn)
        return self.render_to_response(self.get_context_data(object=self.object))

    def withdrawn_article(self):
        """Return the release withdrawn from this address with a notice (410), if any."""
        try:
            date = datetime.date(
                int(self.kwargs["year"]), int(self.kwargs["month"]), int(self.kwargs["day"])
            )
        except (KeyError, ValueError):
            return None
        return (
            Article.objects.withdrawn()
            .select_related("unit")
            .filter(pub_date=date, slug=self.kwargs.get("slug"))
            .first()
        )

    def moved_article(self):
        """Return the visible release that used to live at this date and slug, if any."""
        try:
            date = datetime.date(
                int(self.kwargs["year"]), int(self.kwargs["month"]), int(self.kwargs["day"])
            )
        except (KeyError, ValueError):
            return None
        return (
            Article.objects.published()
            .filter(old_slugs__pub_date=date, old_slugs__slug=self.kwargs.get("slug"))
            .first()
        )

    def get_context_data(self, **kwargs):
        article = self.object
        tags = list(article.tags.all())
        published = Article.objects.published().select_related("unit")
        context = {"tags": tags, "related": [], "previous": None, "next": None}
        if article.published_at is not None:
            neighbours = published.only("title", "slug", "pub_date", "published_at", "unit")
            # Related releases count shared tags over many releases: once per version.
            context.update(
                cached(
                    f"around:{article.pk}",
                    lambda: {
                        "related": list(
                            published.related_to(article, [t.pk for t in tags]).prefetch_related(
                                "photos"
                            )[:RELATED_COUNT]
                        )
                        if tags
                        else [],
                        "previous": neighbours.older_than(article).first(),
                        "next": neighbours.newer_than(article).first(),
                    },
                )
            )
        url = self.absolute_url(article)
        short_url = self.request.build_absolute_uri(article.get_short_url())
        whatsapp_text = whatsapp.message(article, short_url, tags)
        context.update(
            corrections=notices_of(article), whatsapp_text=whatsapp_text, short_url=short_url
        )
        context.update(
            canonical_url=url,
            share_links=share_links(article.title, short_url, whatsapp_text),
            image_url=self.image_url(article),
            image_size=self.image_size(article),
            main_photo=article.main_photo,
            gallery=list(article.photos.all())[1:],
            json_ld=json_ld(self.structured_data(article, tags, url)),
        )
        context.update(kwargs)
        return super().get_context_data(**context)

    def absolute_url(self, article):
        # A preview of a draft has no public address yet: its own address stands in.
        return self.request.build_absolute_uri(article.get_absolute_url())

    def image_url(self, article):
        """Return the absolute address of the main photo for social cards (1200×630 when made)."""
        photo = article.main_photo
        if photo is None:
            return ""
        return self.request.build_absolute_uri(rendition_url(photo, "social") or photo.image.url)

    def image_size(self, article):
        """Return (width, height) of the photo image_url names, from the database, or None."""
        photo = article.main_photo
        if photo is None:
            return None
        social = (photo.renditions or {}).get("social") or {}
        if social.get("jpeg") and social.get("width"):
            return social["width"], social["height"]
        return (photo.width, photo.height) if photo.width else None

    def structured_data(self, article, tags, url):
        """Return the schema.org NewsArticle and BreadcrumbList of the release."""
        unit = article.unit
        unit_url = self.request.build_absolute_uri(unit.get_absolute_url())
        news = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": url,
            "url": url,
            "headline": article.title[:110],
            "description": summary(article),
            "author": [
                {
                    "@type": "Person",
                    "name": author.name,
                    "url": self.request.build_absolute_uri(author.get_absolute_url()),
                }
                for author in article.authors.all()
            ],
            "publisher": {"@type": "Organization", "name": unit.name, "url": unit_url},
            "keywords": [tag.name for tag in tags],
            "inLanguage": "id",
        }
        if article.published_at:
            news["datePublished"] = article.local_published_at.isoformat()
        if article.updated_at:
            news["dateModified"] = article.updated_at.astimezone(unit.tzinfo).isoformat()
        if article.main_photo is not None:
            news["image"] = [self.image_url(article)]
        if article.dateline:
            news["dateline"] = article.dateline
        office = Office.current()
        if office.logo:
            news["publisher"]["logo"] = {
                "@type": "ImageObject",
                "url": self.request.build_absolute_uri(office.logo.url),
            }
        news.update(corrections_json_ld(article, notices_of(article), url))
        crumbs = [
            (str(_("Beranda")), self.request.build_absolute_uri(reverse("articles:home"))),
            (unit.name, unit_url),
            (article.title, url),
        ]
        breadcrumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": item}
                for n, (name, item) in enumerate(crumbs, start=1)
            ],
        }
        return [news, breadcrumbs]


def share_links(title, url, whatsapp_text=None):
    """Return (network, label, address) for sharing a release without third-party scripts."""
    text = whatsapp_text or f"{title} {url}"
    return [
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ("x", "X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        (
            "telegram",
            "Telegram",
            "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        ),
    ]


def withdrawn_response(request, article):
    """Return 410 Gone with the notice of a release's withdrawal, without its content."""
    return TemplateResponse(
        request,
        "articles/article_withdrawn.html",
        {"article": article, "notice": withdrawal_notice(article)},
        status=410,
    )


class ShortLinkView(View):
    """/r/<id>/: 301 to a public release's current address; 410 if withdrawn; 404 otherwise."""

    def get(self, request, pk):
        article = Article.objects.published().only("pub_date", "slug").filter(pk=pk).first()
        if article is not None:
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        withdrawn = Article.objects.withdrawn().select_related("unit").filter(pk=pk).first()
        if withdrawn is None:
            raise Http404
        return withdrawn_response(request, withdrawn)


class UnitArticleListView(PublicArticleMixin, ListView):
    """Releases of a unit and of the units below it (a Polres with its Polsek and satuan)."""

    template_name = "articles/unit_detail.html"

    @cached_property
    def unit(self):
        return get_object_or_404(Unit.objects.select_related("parent"), slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().of_unit(self.unit)

    def get_context_data(self, **kwargs):
        children = [u for u in self.unit.family if u.parent_id == self.unit.pk]
        return super().get_context_data(unit=self.unit, child_units=children, **kwargs)


def public_tag_or_404(slug):
    """Return the tag if a public release uses it: a tag only drafts or scheduled ones carry
    would announce their subject before they appear."""
    public_use = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=Article.objects.published().values("pk"),
    )
    # One query, as before the check: the tag page and feed have a query budget.
    return get_object_or_404(Tag.objects.filter(Exists(public_use)), slug=slug)


class TagArticleListView(PublicArticleMixin, ListView):
    template_name = "articles/tag_detail.html"

    @cached_property
    def tag(self):
        return public_tag_or_404(self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorArticleListView(PublicArticleMixin, ListView):
    """A reporter's releases; a reporter with nothing public has no page yet."""

    template_name = "articles/author_detail.html"

    @cached_property
    def author(self):
        return get_object_or_404(
            Author.objects.with_public_releases().select_related("unit"), slug=self.kwargs["slug"]
        )

    def get_queryset(self):
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArchiveMonthView(PublicArticleMixin, MonthArchiveView):
    date_field = "pub_date"
    month_format = "%m"
    template_name = "articles/archive_month.html"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """Skip the list of days: the page does not show it and it would cost a query."""
        return None


class SearchView(PublicArticleMixin, ListView):
    template_name = "articles/search.html"
    newest_first = False  # the most relevant first

    @cached_property
    def query(self):
        return clean_query(self.request.GET.get("q", ""))

    def get(self, request, *args, **kwargs):
        if not self.query:
            return super().get(request, *args, **kwargs)
        try:
            with search.limited():
                response = super().get(request, *args, **kwargs)
                # The template runs the page's query: render within the time limit.
                response.render()
        except search.SearchUnavailable:
            # Without the request's context processors: this is what a storm gets, keep it cheap.
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = str(search.RETRY_AFTER_SECONDS)
        return response

    def get_queryset(self):
        self.found = search.find(super().get_queryset(), self.query)
        return self.found.results

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return search.SearchPaginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            count_key=self.count_key(),
            total=search.RANK_WINDOW if self.found.estimated else None,
            **kwargs,
        )

    def get_paginate_by(self, queryset):
        # Without a query there is nothing to count or page through.
        return self.paginate_by if self.query else None

    def get_context_data(self, **kwargs):
        raw = self.request.GET.get("q", "")
        context = super().get_context_data(
            query=self.query,
            query_was_cut=len(" ".join(raw.split())) > MAX_QUERY_LENGTH,
            **kwargs,
        )
        paginator = context["paginator"]
        if paginator is None:
            return context
        if self.found.windowed and paginator.count >= search.RANK_WINDOW:
            # Past the window an exact count would read every match: "sekitar N hasil".
            context["estimated_total"] = max(self.found.estimated or 0, paginator.count)
            context["rank_window"] = search.RANK_WINDOW
        elif paginator.count < search.SUGGEST_BELOW:
            context["suggestion"] = search.suggestion(Article.objects.published(), self.query)
        return context


class RobotsView(TemplateView):
    template_name = "articles/robots.txt"
    content_type = "text/plain; charset=utf-8"
