from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import feeds, views
from .sitemaps import SITEMAPS, NewsSitemap

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    re_path(
        r"^berita/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-\w]+)/$",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("r/<int:pk>/", views.ShortLinkView.as_view(), name="short"),
    path("unit/<slug:slug>/", views.UnitArticleListView.as_view(), name="unit"),
    path("unit/<slug:slug>/feed/", feeds.UnitArticlesFeed(), name="unit-feed"),
    path("tag/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagArticlesFeed(), name="tag-feed"),
    path("penulis/<slug:slug>/", views.AuthorArticleListView.as_view(), name="author"),
    re_path(
        r"^arsip/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive",
    ),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {
            "sitemaps": {**SITEMAPS, "news": NewsSitemap},
            "sitemap_url_name": "articles:sitemap-section",
        },
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/sitemap_news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    # Choosing a language changes nothing but a cookie, so no CSRF token is needed and
    # public pages stay free of per-visitor tokens (and cacheable).
    path("bahasa/", csrf_exempt(set_language), name="set-language"),
]
