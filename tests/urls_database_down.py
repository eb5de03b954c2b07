"""The site's URLs plus views that fail as a database that is down makes them fail."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from newsroom.urls import handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns


def refused(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def closed(request):
    raise InterfaceError("connection already closed")


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    *site_urlpatterns,
    path("tertolak/", refused),
    path("tertutup/", closed),
    path("rusak/", broken),
]
