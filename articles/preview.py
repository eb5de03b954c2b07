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

import reversion
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from .forms import SharePreviewForm
from .models import Article
from .views import ArticleDetailView

SALT = "articles.preview.share"


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


def revoke_share_links(article):
    """Give the release a new preview token, so that no link given out before opens it."""
    article.preview_token = uuid.uuid4()
    article.save()


class PreviewMixin:
    """Fetch any release whatever its status, and render it as the public page marks preview."""

    def get_queryset(self):
        return Article.objects.select_related("unit").prefetch_related("authors", "tags", "photos")

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


class SharePreviewView(FormView):
    """Make a signed preview link with a chosen lifetime, or revoke the ones given out.

    Mounted by the release admin, which passes itself as ``model_admin``: anyone who may change
    the release may share it.
    """

    model_admin = None
    form_class = SharePreviewForm
    template_name = "admin/articles/article/share_preview.html"

    def dispatch(self, request, *args, **kwargs):
        self.article = get_object_or_404(self.model_admin.get_queryset(request), pk=kwargs["pk"])
        if not self.model_admin.has_change_permission(request, self.article):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "revoke" not in request.POST:
            return super().post(request, *args, **kwargs)
        # A revision like any admin change, so the history shows who revoked the links.
        with reversion.create_revision():
            reversion.set_user(request.user)
            revoke_share_links(self.article)
            self.model_admin.log_change(request, self.article, _("Tautan pratinjau dicabut."))
        messages.success(request, _("Semua tautan pratinjau lama tidak berlaku lagi."))
        return redirect(request.path)

    def form_valid(self, form):
        lifetime = form.cleaned_data["lifetime"]
        signed = make_share_token(self.article, lifetime)
        link = self.request.build_absolute_uri(reverse("shared-preview", args=[signed]))
        expires = timezone.localtime(timezone.now() + lifetime)
        self.model_admin.log_change(
            self.request,
            self.article,
            _("Tautan pratinjau dibuat, berlaku sampai %s.") % expires.strftime("%d-%m-%Y %H:%M"),
        )
        # Shown once on this page, not redirected to: the link is not stored anywhere.
        return self.render_to_response(self.get_context_data(form=form, link=link, expires=expires))

    def get_context_data(self, **kwargs):
        model_admin = self.model_admin
        return {
            **model_admin.admin_site.each_context(self.request),
            "opts": model_admin.opts,
            "original": self.article,
            "title": _("Bagikan pratinjau: %s") % self.article,
            "link": None,
            "expires": None,
            **super().get_context_data(**kwargs),
        }
