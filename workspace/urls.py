from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("simpanan/baru/", views.autosave, name="autosave-new"),
    path("simpanan/baru/buang/", views.discard_autosave, name="discard-new"),
    path("simpanan/<int:pk>/", views.autosave, name="autosave"),
    path("simpanan/<int:pk>/buang/", views.discard_autosave, name="discard"),
    path("hadir/<int:pk>/", views.presence, name="presence"),
    path("hadir/<int:pk>/pergi/", views.leave, name="leave"),
    path("rilis/<int:pk>/banding/", views.CompareView.as_view(), name="compare"),
]
