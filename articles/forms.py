"""The forms of the editorial workspace: the release, and the lifetime of a share link."""

import datetime
import secrets

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from screening import forms as screening_check
from workspace.forms import WorkflowFormMixin, ZonedDateTimeField

from .html import clean_html, find_unclosed
from .models import Article

# What the body editor offers: all a release needs, and all within articles.html.ALLOWED_TAGS.
EDITOR_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    # Tables pasted from Word stay tables (articles.html allows them).
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}

# Lifetimes an editor can choose for a share link. Here, not in articles.preview, because that
# module imports the form.
LIFETIMES = {
    "1h": (datetime.timedelta(hours=1), _("1 jam")),
    "1d": (datetime.timedelta(days=1), _("1 hari")),
    "3d": (datetime.timedelta(days=3), _("3 hari")),
    "7d": (datetime.timedelta(days=7), _("7 hari")),
}

# Form keys a browser sends for the fields only editors may set (split date/time included).
PUBLISHER_KEYS = ("published_at", "published_at_0", "published_at_1", "featured")


def clean_body_html(html):
    """Return the body sanitised; refuse one whose raw-text element never ends.

    A browser reads everything after such a start tag as that element's content. Refused, the
    editor sees which element to close and keeps the text in the form; nothing is dropped.
    """
    unclosed = find_unclosed(html)
    if unclosed is not None:
        if unclosed.name == "!--":
            message = _(
                "Komentar HTML “<!--” di baris %(line)s tidak pernah ditutup dengan “-->”, "
                "sehingga semua teks sesudahnya akan hilang. Tutup atau hapus komentar itu."
            )
        else:
            message = _(
                "Tag “<%(name)s>” di baris %(line)s tidak pernah ditutup dengan “</%(name)s>”, "
                "sehingga semua teks sesudahnya akan hilang. Tutup atau hapus tag itu."
            )
        raise forms.ValidationError(
            message, code="unclosed", params={"name": unclosed.name, "line": unclosed.line}
        )
    return clean_html(html)


class UnitChoiceField(forms.ModelChoiceField):
    """Units labelled with their place in the hierarchy: "Polres Jember › Polsek Kaliwates"."""

    def label_from_instance(self, obj):
        return obj.hierarchy_label


class ArticleAdminForm(WorkflowFormMixin, forms.ModelForm):
    """The release form; ``editing_user`` and ``taken_address`` are set by the admin."""

    editing_user = None
    # (pub_date, slug) that the previous attempt of this very request could not save: another
    # release took it between the check below and the insert.
    taken_address = None

    # The version of the release the form was opened on; a save on an older one is refused.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # A random value per add form, so a second POST of it (a double tap on "Simpan") finds the
    # release the first one created instead of creating another (see ArticleAdmin.add_view).
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    source_url = forms.URLField(
        label=_("alamat sumber"), max_length=500, required=False, assume_scheme="https"
    )
    body = ProseEditorFormField(
        label=_("Isi"),
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=clean_body_html,
        widget=AdminProseEditorWidget,
    )
    # The pre-publication check's findings and the editor's confirmations (screening.forms).
    screening = screening_check.ScreeningField()
    # Read and shown in the unit's zone, with the browser's own picker (workspace.forms).
    published_at = ZonedDateTimeField(
        label=_("Waktu terbit"),
        required=False,
        help_text=_("Waktu di masa depan berarti terjadwal: rilis tampil sendiri pada waktunya."),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "dateline",
            "lead",
            "body",
            "authors",
            "editor_initials",
            "unit",
            "tags",
            "status",
            "published_at",
            "has_time",
            "featured",
            "source_name",
            "source_url",
            "operation",
        ]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Left empty, the slug is made from the title when the release is saved.
            self.fields["slug"].required = False
        if self.instance.pk is None:
            self.fields["submission_token"].initial = secrets.token_urlsafe(24)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        if "status" in self.fields and self.editing_user is not None:
            allowed = self.instance.statuses_for(self.editing_user)
            self.fields["status"].choices = [(s.value, s.label) for s in allowed]
        if "tags" in self.fields:
            self.fields["tags"].help_text = _("Pisahkan dengan koma, mis.: curanmor, Kaliwates.")
            # Existing tags are suggested while typing (static/js/editorial-tags.js).
            self.fields["tags"].widget.attrs["data-autocomplete-url"] = reverse(
                "admin:autocomplete"
            )
        screening_check.attach(self)

    @property
    def can_publish(self):
        return self.editing_user is not None and Article.can_publish(self.editing_user)

    def clean_body(self):
        body = self.cleaned_data["body"]
        # The editor sends "<p></p>" when nothing was written.
        if not strip_tags(body).strip():
            raise forms.ValidationError(_("Isi rilis masih kosong."), code="required")
        return body

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_publisher_fields()
        self._refuse_stale_version()
        if (
            cleaned_data.get("status") == Article.Status.PUBLISHED
            and "published_at" in self.fields
            and not cleaned_data.get("published_at")
        ):
            cleaned_data["published_at"] = timezone.now()
        self._refuse_duplicate_address(cleaned_data)
        screening_check.screen(self, cleaned_data)
        return cleaned_data

    def _refuse_duplicate_address(self, cleaned_data):
        """Two releases cannot share a date and slug: their URL would be the same."""
        if "slug" not in self.fields:
            return
        slug = cleaned_data.get("slug") or slugify(cleaned_data.get("title", ""))[:300]
        published_at = cleaned_data.get("published_at", self.instance.published_at)
        if not slug or not published_at:
            return
        pub_date = timezone.localdate(published_at)
        if self.taken_address != (pub_date, slug):
            clash = Article.objects.filter(pub_date=pub_date, slug=slug)
            if not clash.exclude(pk=self.instance.pk).exists():
                return
        self.add_error(
            "slug",
            _(
                "Alamat %(address)s sudah dipakai rilis lain pada tanggal yang sama. Rilis ini "
                "belum disimpan: ubah slug, misalnya menjadi \u201c%(suggestion)s\u201d, lalu "
                "simpan lagi."
            )
            % {
                "address": Article(pub_date=pub_date, slug=slug).get_absolute_url(),
                "suggestion": Article.objects.free_slug(pub_date, slug),
            },
        )

    def _refuse_publisher_fields(self):
        """A reporter's POST that tries to set a publication time or featuring is refused."""
        if self.editing_user is None or self.can_publish:
            return
        if any(self.data.get(key) not in (None, "") for key in PUBLISHER_KEYS):
            raise forms.ValidationError(
                _("Hanya editor yang dapat mengatur waktu terbit atau rekomendasi."),
                code="not_publisher",
            )

    def _refuse_stale_version(self):
        """Refuse the save if someone else saved the release after this form was opened."""
        if not self.instance.pk:
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is None:
            raise forms.ValidationError(_("Rilis ini sudah dihapus orang lain."), code="deleted")
        if self.cleaned_data.get("loaded_version") != current.isoformat():
            url = reverse("admin:articles_article_change", args=[self.instance.pk])
            raise forms.ValidationError(
                format_html(
                    _(
                        "Rilis ini sudah diubah orang lain pada {} setelah Anda membukanya. "
                        "Perubahan Anda belum disimpan, agar tidak menimpa mereka. "
                        '<a href="{}" target="_blank" rel="noopener">Buka versi terbaru</a> '
                        "(di tab baru), lalu masukkan kembali perubahan Anda."
                    ),
                    timezone.localtime(current).strftime("%d-%m-%Y %H:%M:%S"),
                    url,
                ),
                code="stale",
            )


class SharePreviewForm(forms.Form):
    """The lifetime of a new share link; cleaned to a timedelta."""

    lifetime = forms.ChoiceField(
        label=_("Berlaku selama"),
        choices=[(key, label) for key, (_delta, label) in LIFETIMES.items()],
        initial="1d",
    )

    def clean_lifetime(self):
        delta, _label = LIFETIMES[self.cleaned_data["lifetime"]]
        return delta
