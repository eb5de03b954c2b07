from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.preview import SharedPreviewView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("pratinjau/<str:signed>/", SharedPreviewView.as_view(), name="shared-preview"),
    path("", include("articles.urls")),
]
# Uploaded photos under `make run` (DEBUG); production serves media from its web server or storage.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
