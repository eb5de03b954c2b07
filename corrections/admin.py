"""Corrections in the editorial workspace.

ReleaseCorrectionsMixin adds to the release admin (articles.admin.ArticleAdmin): on a public
release, the choice between a small fix and a correction ("ralat") with its sentence, kept
apart in the revision's comment; "Tarik dari situs" with the choice between 410 and 404; and
"Minta koreksi" for a reporter who can no longer change her published release.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.models import Article

from .forms import ChangeKind, CorrectionFieldsForm, CorrectionRequestForm, WithdrawForm
from .models import Correction, CorrectionRequest

CORRECTION_FIELDS = ["change_kind", "correction_text", "correction_request"]


class ReleaseCorrectionsMixin:
    """Corrections, withdrawal and correction requests on the release admin."""

    # The change form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.is_public and Article.can_publish(request.user):
            section = (
                _("Perubahan pada rilis yang sudah tayang"),
                {
                    "fields": CORRECTION_FIELDS,
                    "description": _(
                        "Rilis ini sudah dibaca publik. Salah ketik: perbaikan kecil. Fakta "
                        "berubah (nama, angka, waktu, tempat): ralat, yang tampil di halaman "
                        "rilis dan di daftar /ralat/."
                    ),
                },
            )
            fieldsets.insert(1, section)
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        attrs = dict.fromkeys(
            name for name in self.get_readonly_fields(request, obj) if name in base.declared_fields
        )
        attrs["open_request"] = self.open_request(request, obj)
        kwargs["form"] = type(base.__name__, (CorrectionFieldsForm, base), attrs)
        return super().get_form(request, obj, change, **kwargs)

    def open_request(self, request, obj):
        """Return the open request an editor is turning into a correction (?permintaan=<id>)."""
        number = request.GET.get("permintaan", "")
        if obj is None or not number.isdigit() or not Article.can_publish(request.user):
            return None
        return CorrectionRequest.objects.open().filter(pk=number, article=obj).first()

    def save_model(self, request, obj, form, change):
        # A public release taken off through the status field is withdrawn as "Tarik" does:
        # saved with the other changes first, then through the one entry point, unpublish().
        withdrawing = (
            change
            and obj.status != Article.Status.PUBLISHED
            and Article.can_publish(request.user)
            and Article.objects.published().filter(pk=obj.pk).exists()
        )
        if withdrawing:
            obj.status = Article.Status.PUBLISHED
        super().save_model(request, obj, form, change)
        if withdrawing:
            obj.unpublish(by=request.user)
        kind = form.cleaned_data.get("change_kind") if change else ""
        if not kind:
            return
        text = " ".join(form.cleaned_data.get("correction_text", "").split())
        request.release_change = (kind, text)
        if kind == ChangeKind.CORRECTION and obj.is_public:
            Correction.objects.record(
                obj, text, by=request.user, request=form.cleaned_data.get("correction_request")
            )

    def log_change(self, request, obj, message):
        """Name the kind of change first in the history and the revision's comment."""
        kind, text = getattr(request, "release_change", ("", ""))
        if kind:
            if isinstance(message, list):
                message = LogEntry(change_message=json.dumps(message)).get_change_message()
            label = (
                _("Ralat: %(text)s") % {"text": text}
                if kind == ChangeKind.CORRECTION
                else _("Perbaikan kecil (tanpa pemberitahuan)")
            )
            message = f"{label}. {message}".strip()
        return super().log_change(request, obj, message)

    # Withdrawal and requests

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/tarik/",
                wrap(self.withdraw_view),
                name="{}_{}_withdraw".format(*info),
            ),
            path(
                "<int:pk>/minta-koreksi/",
                wrap(self.request_correction_view),
                name="{}_{}_request_correction".format(*info),
            ),
            *super().get_urls(),
        ]

    def withdraw_view(self, request, pk):
        """Ask how to withdraw a published release (410 with a notice, or 404), then do it."""
        article = get_object_or_404(Article.objects.select_related("unit"), pk=pk)
        if not Article.can_publish(request.user):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if article.status != Article.Status.PUBLISHED:
            self.message_user(request, _("Rilis ini tidak sedang terbit."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            removal = Article.Removal(form.cleaned_data["removal"])
            with transaction.atomic():
                article = Article.objects.select_for_update().get(pk=article.pk)
                if article.status == Article.Status.PUBLISHED:
                    article.unpublish(
                        by=request.user, removal=removal, reason=form.cleaned_data["reason"]
                    )
                    self.log_change(
                        request,
                        article,
                        _("Ditarik dari situs; alamatnya menjawab %(removal)s.")
                        % {"removal": removal.label},
                    )
            self.message_user(
                request, _("Rilis ditarik dari situs dan menjadi draf."), messages.SUCCESS
            )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "form": form,
            "title": _("Tarik rilis dari situs"),
        }
        return TemplateResponse(request, "corrections/admin/withdraw.html", context)

    def request_correction_view(self, request, pk):
        """A reporter's note asking the editors to correct her published release."""
        article = get_object_or_404(Article, pk=pk)
        if not CorrectionRequest.can_be_made_by(request.user, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = CorrectionRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            form.instance.article = article
            form.instance.requested_by = request.user
            form.save()
            self.message_user(
                request,
                _("Permintaan koreksi dikirim ke editor. Mereka melihatnya di meja redaksi."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "form": form,
            "title": _("Minta koreksi"),
            "requests": article.correction_requests.filter(requested_by=request.user),
        }
        return TemplateResponse(request, "corrections/admin/request_correction.html", context)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "article", "text", "editor"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article", "editor"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "created_at"
    # The notice's wording can be fixed; what it belongs to and when it was made cannot.
    readonly_fields = ["article", "kind", "created_at", "editor"]
    fields = ["article", "kind", "created_at", "editor", "text"]

    def has_add_permission(self, request):
        # Corrections are made in the release's own form, together with the change.
        return False


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "requested_by", "status", "resolved_by"]
    list_filter = ["status"]
    list_select_related = ["article", "requested_by", "resolved_by"]
    search_fields = ["note", "article__title"]
    readonly_fields = [
        "article",
        "note",
        "requested_by",
        "created_at",
        "status",
        "resolved_by",
        "resolved_at",
        "correction",
    ]
    actions = ["close_requests"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_close_permission(self, request):
        return Article.can_publish(request.user)

    @admin.action(description=_("Tutup tanpa ralat"), permissions=["close"])
    def close_requests(self, request, queryset):
        closed = 0
        for found in queryset.open():
            found.close(by=request.user)
            closed += 1
        self.message_user(request, _("%(count)d permintaan ditutup.") % {"count": closed})

    def get_urls(self):
        return [
            path(
                "<int:pk>/tutup/",
                self.admin_site.admin_view(require_POST(self.close_view)),
                name="corrections_correctionrequest_close",
            ),
            *super().get_urls(),
        ]

    def close_view(self, request, pk):
        """Close one request from the dashboard, without a correction."""
        if not Article.can_publish(request.user):
            raise PermissionDenied
        with transaction.atomic():
            found = get_object_or_404(CorrectionRequest.objects.select_for_update(), pk=pk)
            if found.is_open:
                found.close(by=request.user)
                self.message_user(request, _("Permintaan koreksi ditutup."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:index"))
