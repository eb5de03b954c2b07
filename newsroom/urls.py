from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import password_reset
from articles.preview import SharedPreviewView
from newsroom import media

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
    path("operasi/", include("operations.urls")),
    path("", include("corrections.urls")),
    path("", include("articles.urls")),
]
# Uploaded photos, when they are files on this machine (also with DEBUG off: `make serve`). A
# web server in front may serve /media/ itself; with media on S3 this is not routed at all.
if media.is_served():
    urlpatterns.insert(
        0, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media")
    )

# A database that is down answers 503 with Retry-After, on every page and in the admin.
handler500 = "newsroom.errors.server_error"
