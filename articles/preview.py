"""Previews of releases that are not public yet: for staff, and through signed share links.

A preview renders the public release page (articles.views.ArticleDetailView) unchanged; only
how the release is found differs, and the page carries ``preview=True`` (banner, noindex).
Responses are never cached by a shared cache.

A share link is signed with the SECRET_KEY over the release's id, its preview token and an
expiry time; it shows that one release only. Changing the release's preview token revokes
every link given out before.
"""

import datetime
import uuid

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .models import Article
from .views import ArticleDetailView

SALT = "articles.preview.share"

# Lifetimes an editor can choose for a share link.
LIFETIMES = {
    "1h": (datetime.timedelta(hours=1), _("1 jam")),
    "1d": (datetime.timedelta(days=1), _("1 hari")),
    "3d": (datetime.timedelta(days=3), _("3 hari")),
    "7d": (datetime.timedelta(days=7), _("7 hari")),
}


def make_share_token(article, lifetime):
    """Return a signed value naming the release, valid for the given timedelta."""
    expires = int((timezone.now() + lifetime).timestamp())
    return signing.dumps([article.pk, article.preview_token.hex, expires], salt=SALT)


def read_share_token(value):
    """Return (article id, preview token, expiry) from a signed value, or raise Http404."""
    try:
        pk, token, expires = signing.loads(value, salt=SALT)
        token = uuid.UUID(hex=token)
        expires = datetime.datetime.fromtimestamp(int(expires), tz=datetime.UTC)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise Http404(_("Tautan pratinjau tidak sah.")) from error
    if expires <= timezone.now():
        raise Http404(_("Tautan pratinjau sudah kedaluwarsa."))
    return pk, token, expires


class PreviewMixin:
    """Fetch any release whatever its status, and render it as the public page marks preview."""

    def get_queryset(self):
        return Article.objects.select_related("unit").prefetch_related("authors", "tags")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


@method_decorator(never_cache, name="dispatch")
class StaffPreviewView(PreviewMixin, ArticleDetailView):
    """A release as the public will see it, for staff who may view it in the admin."""

    model_admin = None

    def get_object(self, queryset=None):
        article = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.model_admin.has_view_permission(self.request, article):
            raise PermissionDenied
        return article


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """A release reached through a signed share link, for someone without an account."""

    def get_object(self, queryset=None):
        pk, token, _expires = read_share_token(self.kwargs["signed"])
        return get_object_or_404(self.get_queryset(), pk=pk, preview_token=token)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The link is the secret: never send it on to the sites the release links to.
        response["Referrer-Policy"] = "no-referrer"
        return response
