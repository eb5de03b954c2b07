"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [*site_urlpatterns, path("gagal/", failing_view)]
