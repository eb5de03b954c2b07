from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles import password_reset
from articles.preview import SharedPreviewView

urlpatterns = [
    # Staff password reset, at the names and places the admin's login page looks for.
    path(
        "admin/password_reset/",
        password_reset.StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        password_reset.StaffPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        password_reset.StaffPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        password_reset.StaffPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/ruang-kerja/", include("workspace.urls")),
    path("admin/", admin.site.urls),
    path("pratinjau/<str:signed>/", SharedPreviewView.as_view(), name="shared-preview"),
    path("", include("articles.urls")),
]
# Uploaded photos under `make run` (DEBUG); production serves media from its web server or storage.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
