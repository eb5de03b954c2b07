"""The release form's background calls: autosave and presence.

Staff only, for releases the user may change (autosave) or see (presence); POSTs go through
Django's CSRF check like any form; nothing here is ever cached, by the page cache or a browser.
"""

import functools
import json

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from reversion.models import Version

from articles.models import Article

from .models import Autosave, Presence
from .revisions import compare


def staff_only(view):
    """Refuse anyone who is not active staff with a 403, not a login page: a script reads it."""

    @functools.wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return JsonResponse({"error": _("Masuk sebagai staf redaksi dulu.")}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def forbidden():
    return JsonResponse({"error": _("Anda tidak boleh mengubah rilis ini.")}, status=403)


def editable_release(request, pk):
    """Return the release the user may change, None for the add form, or raise Http404."""
    if pk is None:
        return None
    return get_object_or_404(Article, pk=pk)


def may_autosave(user, article):
    if article is None:
        return user.has_perm("articles.add_article")
    return article.can_be_edited_by(user)


@staff_only
@require_http_methods(["GET", "POST"])
def autosave(request, pk=None):
    """GET: the user's own autosave of the release ({} if none). POST: store the form's fields."""
    article = editable_release(request, pk)
    if not may_autosave(request.user, article):
        return forbidden()
    if request.method == "GET":
        found = Autosave.objects.of(request.user, article).first()
        return JsonResponse(found.as_json() if found else {})
    try:
        labels = json.loads(request.POST.get("_labels") or "{}")
    except ValueError:
        labels = {}
    if not isinstance(labels, dict):
        labels = {}
    saved = Autosave.objects.keep(request.user, article, dict(request.POST.lists()), labels)
    return JsonResponse(saved.as_json())


@staff_only
@require_POST
def discard_autosave(request, pk=None):
    """Throw away the user's autosave of the release."""
    article = editable_release(request, pk)
    Autosave.objects.discard(request.user, article)
    return JsonResponse({})


@staff_only
@require_POST
def presence(request, pk):
    """Record the user's heartbeat on the release; answer who else has it open."""
    article = get_object_or_404(Article, pk=pk)
    if not request.user.has_perm("articles.view_article"):
        return forbidden()
    if article.can_be_edited_by(request.user):  # someone only reading it is not editing
        Presence.objects.beat(request.user, article)
    others = Presence.objects.others(request.user, article)
    return JsonResponse({"others": [other.notice() for other in others]})


@staff_only
@require_POST
def leave(request, pk):
    """The user closed the release: others stop seeing them at once."""
    Presence.objects.filter(user=request.user, article_id=pk).delete()
    return JsonResponse({})


@method_decorator(never_cache, name="dispatch")
class CompareView(TemplateView):
    """Two versions of a release side by side, with a way to restore the older (editors)."""

    template_name = "workspace/compare.html"

    def dispatch(self, request, pk):
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        self.article = get_object_or_404(Article, pk=pk)
        if not user.has_perm("articles.view_article"):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        versions = list(
            Version.objects.get_for_object(self.article).select_related("revision__user")
        )
        if len(versions) < 2:
            raise Http404(_("Rilis ini belum punya dua versi untuk dibandingkan."))
        by_id = {str(version.pk): version for version in versions}
        # Newest first: by default, the latest against the one before it.
        old = by_id.get(self.request.GET.get("a"), versions[1])
        new = by_id.get(self.request.GET.get("b"), versions[0])
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        can_restore = Article.can_publish(self.request.user)
        return {
            **admin.site.each_context(self.request),
            "title": _("Bandingkan versi: %s") % self.article,
            "opts": Article._meta,
            "original": self.article,
            "versions": versions,
            "old": old,
            "new": new,
            "rows": compare(old, new),
            "can_restore": can_restore,
            "restore_url": reverse(
                "admin:articles_article_revision", args=[self.article.pk, old.pk]
            ),
            **kwargs,
        }
