from django.urls import path

from . import feeds, views

app_name = "operations"

urlpatterns = [
    path("<slug:slug>/", views.OperationArticleListView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.OperationArticlesFeed(), name="feed"),
]
