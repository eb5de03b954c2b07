from django.urls import path

from . import feeds, views

app_name = "corrections"

urlpatterns = [
    path("ralat/", views.CorrectionListView.as_view(), name="list"),
    path("ralat/feed/", feeds.CorrectionsFeed(), name="feed"),
]
