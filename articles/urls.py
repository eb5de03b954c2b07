from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    re_path(
        r"^berita/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-\w]+)/$",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    # Filled in by the public-site work; named now so models can reverse them.
    path("unit/<slug:slug>/", views.HomeView.as_view(), name="unit"),
    path("penulis/<slug:slug>/", views.HomeView.as_view(), name="author"),
]
