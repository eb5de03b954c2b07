from django.contrib import admin
from django.urls import include, path

from articles.preview import SharedPreviewView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("pratinjau/<str:signed>/", SharedPreviewView.as_view(), name="shared-preview"),
    path("", include("articles.urls")),
]
