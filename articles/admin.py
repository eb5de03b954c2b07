"""The editorial workspace: releases, units and reporters in the Django admin.

Roles are enforced here, on the server, through the admin's own hooks, and decided by the
model's rules (Article.can_be_edited_by, can_be_deleted_by, can_publish, statuses_for):

- Reporter: adds releases, edits their own while a draft or waiting for review (so they can
  still fix a typo an editor points out), submits them for review. Cannot publish, schedule,
  unpublish, feature, delete, restore old versions, or edit others' or published releases.
- Editor: everything on releases, and units, reporters and tags.
"""

import contextlib
import hashlib

from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media
from reversion.admin import VersionAdmin

from corrections.admin import ReleaseCorrectionsMixin
from operations.admin import OperationAutocompleteSelect, prepare_operation_field
from pagecache.backends import CacheUnavailable
from screening import forms as screening
from workspace import editing as workspace

from . import images
from .forms import ArticleAdminForm, UnitChoiceField
from .models import Article, Author, Photo, Unit
from .photos import PhotoInlineForm, PhotoInlineFormSet, thumbnail_html, upload_photo
from .preview import SharePreviewView, StaffPreviewView, revoke_share_links

admin.site.site_header = _("Ruang Redaksi Humas")
admin.site.site_title = _("Ruang Redaksi Humas")
admin.site.index_title = _("Meja redaksi")
# The release list needs the width more than a second menu (on phones too).
admin.site.enable_nav_sidebar = False

# How long the release created by an add form is remembered under the form's token: long
# enough for a double tap or a resend after a dropped connection.
SUBMISSION_TIMEOUT = 60 * 60 * 24


class AddressTaken(Exception):
    """Another release took this date and slug between the form's check and the save."""

    def __init__(self, pub_date, slug):
        super().__init__(pub_date, slug)
        self.address = (pub_date, slug)


class HttpsLinksMixin:
    """A web address typed without a scheme is taken as https (Django 6's default)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Unit)
class UnitAdmin(HttpsLinksMixin, admin.ModelAdmin):
    list_display = ["hierarchy_label", "kind", "time_zone"]
    list_filter = ["kind", "time_zone"]
    search_fields = ["name", "parent__name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent__parent")

    def get_ordering(self, request):
        # Also used for the unit filter of the release list and the autocomplete.
        return [Unit.tree_path().asc()]

    @admin.display(description=_("satuan"), ordering=Unit.tree_path())
    def hierarchy_label(self, unit):
        return unit.hierarchy_label


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "position", "unit", "user"]
    list_select_related = ["unit", "user"]
    search_fields = ["name", "rank", "position"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["unit"]


class UnitAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete answers that show where a unit sits: "Polres Jember › Polsek Kaliwates"."""

    def serialize_result(self, obj, to_field_name):
        return super().serialize_result(obj, to_field_name) | {"text": obj.hierarchy_label}


class UnitAutocompleteSelect(AutocompleteSelect):
    def get_url(self):
        return reverse(f"{self.admin_site.name}:articles_article_unit_autocomplete")


class PublicationFilter(admin.SimpleListFilter):
    """Scheduled and live releases, which the status filter alone cannot tell apart."""

    title = _("penayangan")
    parameter_name = "tayang"

    def lookups(self, request, model_admin):
        return [("terjadwal", _("Terjadwal")), ("tayang", _("Sudah tayang"))]

    def queryset(self, request, queryset):
        if self.value() == "terjadwal":
            return queryset.scheduled()
        if self.value() == "tayang":
            return queryset.published()
        return queryset


class PhotoInline(admin.StackedInline):
    """The release's photos; whoever may edit the release may manage its photos."""

    model = Photo
    form = PhotoInlineForm
    formset = PhotoInlineFormSet
    extra = 0
    template = "admin/articles/photo_inline.html"
    verbose_name = _("foto")
    verbose_name_plural = _("Foto (yang pertama menjadi foto utama)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A fresh form class per request, as ArticleAdmin.get_form does.
        formset.form = type(
            "PhotoInlineForm", (formset.form,), {"editing_user": request.user, "article": obj}
        )
        return formset

    def _may_edit(self, request, obj):
        if obj is None:
            return request.user.has_perm("articles.add_article")
        return obj.can_be_edited_by(request.user)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article") or self._may_edit(request, obj)

    @admin.display(description=_("foto"))
    def upload(self, photo):
        """The photo of a read-only row (a release the user may only view): its thumbnail."""
        return thumbnail_html(photo, width=160)


class ImportHeldFilter(admin.SimpleListFilter):
    """Releases an import held back for a human: the importer was unsure of something."""

    title = _("impor")
    parameter_name = "impor"

    def lookups(self, request, model_admin):
        return [("perlu-dicek", _("Perlu dicek (impor)"))]

    def queryset(self, request, queryset):
        if self.value() == "perlu-dicek":
            return queryset.held_from_import()
        return queryset


@admin.register(Article)
class ArticleAdmin(ReleaseCorrectionsMixin, HttpsLinksMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "thumbnail",
        "title",
        "status_badge",
        "unit",
        "reporters",
        "publication_time",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = [
        "status",
        PublicationFilter,
        ImportHeldFilter,
        "featured",
        "unit",
        "tags",
        "published_at",
    ]
    search_fields = ["title", "body", "authors__name"]
    date_hierarchy = "published_at"
    list_select_related = ["unit"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["unit", "authors", "operation"]
    actions = ["publish_now", "unpublish", "feature", "unfeature", "revoke_preview_links"]
    history_latest_first = True
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    revision_form_template = "admin/articles/article/revision_form.html"

    class Media:
        css = {"all": ["css/editorial-admin.css"]}
        js = [
            "js/editorial-tags.js",
            "js/editor-labels.js",
            "js/workspace.js",
            "js/photo-upload.js",
        ]

    inlines = [PhotoInline]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "dateline",
                    "lead",
                    "body",
                    "loaded_version",
                    "submission_token",
                ]
            },
        ),
        (
            _("Wartawan dan satuan"),
            {"fields": ["authors", "editor_initials", "unit", "tags", "operation"]},
        ),
        (
            _("Penerbitan"),
            {
                "fields": ["status", "published_at", "has_time", "featured"],
                "description": _(
                    "Draf → Menunggu tinjauan → Terbit. Terbit dengan waktu di masa depan "
                    "berarti terjadwal: rilis tampil sendiri pada waktunya."
                ),
            },
        ),
        (
            _("Lanjutan"),
            {"fields": ["source_name", "source_url"], "classes": ["collapse"]},
        ),
        (_("Pemeriksaan sebelum terbit"), {"fields": ["screening"]}),
        (_("Catatan impor"), {"fields": ["import_notes"]}),
    ]

    # List columns

    @admin.display(description=_("foto"))
    def thumbnail(self, article):
        url = images.rendition_url(article.main_photo, "thumb")
        if not url:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="96" height="54" class="release-thumb">', url
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, article):
        if article.is_scheduled:
            label, css = _("Terjadwal"), "scheduled"
        else:
            label, css = article.get_status_display(), article.status
        star = (
            format_html(' <span title="{}">★</span>', _("Rekomendasi")) if article.featured else ""
        )
        return format_html(
            '<span class="release-status release-status-{}">{}</span>{}', css, label, star
        )

    @admin.display(description=_("waktu terbit"), ordering="published_at")
    def publication_time(self, article):
        if article.published_at is None:
            return "—"
        # A release known only by its date shows no invented 00:00.
        pattern = "%d-%m-%Y %H:%M" if article.has_time else "%d-%m-%Y"
        return timezone.localtime(article.published_at).strftime(pattern)

    @admin.display(description=_("wartawan"))
    def reporters(self, article):
        return ", ".join(author.name for author in article.authors.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors", "photos")

    # Roles

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_deleted_by(request.user))

    def has_publish_permission(self, request):
        return Article.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["import_notes"]
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            readonly.append("slug")  # its address is out there: keep it stable
        if not Article.can_publish(request.user):
            readonly += ["published_at", "featured"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.import_notes:  # only an imported release has notes
            fieldsets = [f for f in fieldsets if "import_notes" not in f[1]["fields"]]
        return fieldsets

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editing_user = request.user  # a fresh class per request
        form.taken_address = getattr(request, "taken_address", None)
        if "operation" in form.base_fields:
            prepare_operation_field(form.base_fields["operation"], obj)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            return db_field.formfield(
                form_class=UnitChoiceField,
                queryset=Unit.objects.select_related("parent__parent"),
                widget=UnitAutocompleteSelect(db_field, self.admin_site),
                **kwargs,
            )
        if db_field.name == "operation":
            kwargs["widget"] = OperationAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = getattr(request.user, "author", None)
        if author is not None:
            initial.setdefault("authors", [author.pk])
            if author.unit_id:
                initial.setdefault("unit", author.unit_id)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not Article.can_publish(request.user):
            # Defence in depth behind the form: a reporter's save never publishes.
            stored = Article.objects.filter(pk=obj.pk).first() if change else None
            if (
                obj.status not in obj.statuses_for(request.user)
                or obj.featured != (stored.featured if stored else False)
                or obj.published_at != (stored.published_at if stored else None)
            ):
                raise PermissionDenied
        try:
            with transaction.atomic():
                if form.workflow_action == "unpublish" and form.stored_status == "published":
                    obj.unpublish(by=request.user)  # "Tarik dari situs"
                else:
                    super().save_model(request, obj, form, change)
        except IntegrityError:
            # The form checked the address, but another save may have taken it since.
            if not obj.address_is_taken():
                raise
            raise AddressTaken(obj.pub_date, obj.slug) from None
        screening.record(request, obj, form)
        if not change and form.cleaned_data.get("submission_token"):
            key = self._submission_key(request, form.cleaned_data["submission_token"])
            # Without the cache the double-tap guard is off; the release is saved all the same.
            with contextlib.suppress(CacheUnavailable):
                cache.set(key, obj.pk, SUBMISSION_TIMEOUT)
        if obj.status == Article.Status.REVIEW and "status" in form.changed_data:
            messages.info(request, _("Rilis dikirim ke editor untuk ditinjau."))
        workspace.release_saved(request, obj, form, change)

    # Actions: each change is saved through the model, so revisions and caches follow.

    @admin.action(description=_("Terbitkan sekarang"), permissions=["publish"])
    def publish_now(self, request, queryset):
        def publish(article):
            if article.is_public:  # e.g. by the first request of a double click
                return False
            refused = screening.refuse_unconfirmed(article)
            if refused:
                self.message_user(request, refused, messages.ERROR)
                return False
            try:
                # A savepoint: a refused release leaves the others of the selection published.
                with transaction.atomic():
                    article.publish(by=request.user, at=timezone.now())
            except IntegrityError:
                self.message_user(
                    request,
                    _(
                        "\u201c%(title)s\u201d tidak diterbitkan: rilis lain hari ini sudah "
                        "memakai alamat \u201c%(slug)s\u201d. Ubah slug-nya dulu."
                    )
                    % {"title": article.title, "slug": article.slug},
                    messages.ERROR,
                )
                return False
            return True

        self._apply(
            request,
            queryset,
            publish,
            _("Diterbitkan sekarang."),
            lambda count: ngettext("%d rilis diterbitkan.", "%d rilis diterbitkan.", count) % count,
        )

    @admin.action(description=_("Tarik dari publik (jadi draf)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        def unpublish(article):
            if article.status != Article.Status.PUBLISHED:
                return False
            article.unpublish(by=request.user)
            return True

        self._apply(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            unpublish,
            _("Ditarik dari publik, menjadi draf."),
            lambda count: ngettext("%d rilis ditarik.", "%d rilis ditarik.", count) % count,
        )

    @admin.action(description=_("Jadikan rekomendasi"), permissions=["publish"])
    def feature(self, request, queryset):
        self._set_featured(request, queryset, True, _("Dijadikan rekomendasi."))

    @admin.action(description=_("Hapus dari rekomendasi"), permissions=["publish"])
    def unfeature(self, request, queryset):
        self._set_featured(request, queryset, False, _("Dihapus dari rekomendasi."))

    def _set_featured(self, request, queryset, featured, log_message):
        def set_featured(article):
            if article.featured == featured:
                return False
            article.featured = featured
            article.save()
            return True

        self._apply(
            request,
            queryset.exclude(featured=featured),
            set_featured,
            log_message,
            lambda count: ngettext("%d rilis diubah.", "%d rilis diubah.", count) % count,
        )

    @admin.action(description=_("Cabut tautan pratinjau yang dibagikan"), permissions=["publish"])
    def revoke_preview_links(self, request, queryset):
        def revoke(article):
            revoke_share_links(article)
            return True

        self._apply(
            request,
            queryset,
            revoke,
            _("Tautan pratinjau dicabut."),
            lambda count: _("Tautan pratinjau lama tidak berlaku lagi."),
        )

    def _apply(self, request, queryset, change, log_message, done_message):
        """Run change(article) on each release, log those it changed, then report once.

        change returns True if it changed the release; done_message(count) is the one success
        message, sent even when nothing changed so the editor knows the action ran.
        """
        count = 0
        # In the order of the primary key, so two requests lock their rows in the same order.
        for article in queryset.order_by("pk"):
            with transaction.atomic():
                # Locked and read again: the second request of a double click waits here until
                # the first has committed, then finds the release already changed.
                article = Article.objects.select_for_update().filter(pk=article.pk).first()
                if article is not None and change(article):
                    self.log_change(request, article, log_message)
                    count += 1
        self.message_user(request, done_message(count), messages.SUCCESS)

    # Preview, share links, history

    def get_view_on_site_url(self, obj=None):
        """ "Lihat di situs" only for a release the public can see; others have Pratinjau."""
        # The address is derived on save: a form sent back with errors may not have it yet.
        return obj.get_absolute_url() if obj is not None and obj.is_public else None

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "unit-autocomplete/",
                wrap(UnitAutocompleteJsonView.as_view(admin_site=self.admin_site)),
                name="{}_{}_unit_autocomplete".format(*info),
            ),
            path(
                "foto/unggah/",
                wrap(upload_photo),
                name="{}_{}_photo_upload".format(*info),
            ),
            path(
                "<int:pk>/pratinjau/",
                wrap(StaffPreviewView.as_view(model_admin=self)),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<int:pk>/bagikan/",
                wrap(SharePreviewView.as_view(model_admin=self)),
                name="{}_{}_share".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, **kwargs):
        # The body editor's import map is an inline script: it carries this response's CSP
        # nonce, so the strict policy (script-src 'self' + nonce) need not allow inline code.
        context["media"] = Media.from_media(
            context["media"], nonce=getattr(request, "csp_nonce", "")
        )
        if not context.get("revert"):  # a version being restored is not the text being written
            context.update(workspace.form_context(request, context.get("original")))
        return super().render_change_form(request, context, *args, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        token = request.POST.get("submission_token", "") if request.method == "POST" else ""
        if not token:
            return super().add_view(request, form_url, extra_context)
        with transaction.atomic():
            # Both POSTs of a double tap come from one account: locking its row makes the
            # second wait until the first has committed, then find the release it created.
            get_user_model().objects.select_for_update().get(pk=request.user.pk)
            try:
                created_pk = cache.get(self._submission_key(request, token))
            except CacheUnavailable:
                created_pk = None
            created = Article.objects.filter(pk=created_pk).first() if created_pk else None
            if created is None:
                return super().add_view(request, form_url, extra_context)
        self.message_user(
            request,
            _("\u201c%(title)s\u201d sudah tersimpan; kiriman kedua formulir yang sama diabaikan.")
            % {"title": created.title},
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[created.pk]))

    @staticmethod
    def _submission_key(request, token):
        digest = hashlib.sha256(token.encode()).hexdigest()
        return f"articles:submission:{request.user.pk}:{digest}"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AddressTaken as taken:
            # That attempt is rolled back. Run the form again: it shows the editor's text with
            # the error about the address, as when the other release had been saved first.
            request.taken_address = taken.address
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "preview_url": reverse("admin:articles_article_preview", args=[object_id])
            if str(object_id).isdigit()
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_restore": Article.can_publish(request.user)}
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "can_restore": Article.can_publish(request.user)}
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._require_editor(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._require_editor(request)
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self._require_editor(request)
        return super().recoverlist_view(request, extra_context)

    def _require_editor(self, request):
        """Restoring an old or deleted version can unpublish or republish: editors only."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
