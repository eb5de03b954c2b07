from django import forms
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.photos import submitted_photos

from .models import TEXT_LENGTH, CorrectionRequest

# What a reader relies on: changing one of these on a public release is a fix or a correction.
FACT_FIELDS = {
    "title",
    "dateline",
    "lead",
    "body",
    "authors",
    "unit",
    "published_at",
}


class ChangeKind(models.TextChoices):
    MINOR = "kecil", _("Perbaikan kecil (tanpa pemberitahuan), mis. salah ketik")
    CORRECTION = "ralat", _("Ralat: fakta berubah, diumumkan di halaman rilis dan di /ralat/")


class CorrectionFieldsForm(forms.Form):
    """The release form's choice, on a public release, between a small fix and a correction.

    Mixed into the release form by corrections.admin.ReleaseCorrectionsMixin. ``open_request``
    is set by the admin when an editor turns a reporter's request into a correction.
    """

    open_request = None

    change_kind = forms.ChoiceField(
        label=_("Jenis perubahan"),
        choices=ChangeKind.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=ChangeKind.MINOR,
    )
    correction_text = forms.CharField(
        label=_("Ralat"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Apa yang salah dan apa yang benar, dalam satu kalimat, mis.: Sebelumnya tertulis "
            "pelaku berusia 25 tahun; yang benar 23 tahun."
        ),
    )
    correction_request = forms.ModelChoiceField(
        queryset=CorrectionRequest.objects.all(), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.open_request is not None:
            self.fields["change_kind"].initial = ChangeKind.CORRECTION
            self.fields["correction_request"].initial = self.open_request.pk

    @cached_property
    def changed_data(self):
        # The choice itself is not a change of the release (nor of its history's message).
        return [name for name in super().changed_data if name not in self.declared_here]

    declared_here = ("change_kind", "correction_text", "correction_request")

    @property
    def is_public_release(self):
        """True while the release as stored is public (the form's instance is not updated yet)."""
        instance = getattr(self, "instance", None)
        return instance is not None and instance.pk is not None and instance.is_public

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_public_release or cleaned_data.get("status") not in (
            None,
            Article.Status.PUBLISHED,
        ):
            # Not public, or being withdrawn: nothing to announce.
            cleaned_data["change_kind"] = ""
            return cleaned_data
        kind = cleaned_data.get("change_kind")
        if not kind:
            # A change of the facts not marked as a correction is a small fix, as before this
            # choice existed; anything else (featuring, tags) is neither.
            facts_changed = FACT_FIELDS.intersection(self.changed_data) or self.photos_changed()
            kind = cleaned_data["change_kind"] = ChangeKind.MINOR if facts_changed else ""
        if kind == ChangeKind.CORRECTION and not cleaned_data.get("correction_text", "").strip():
            self.add_error(
                "correction_text",
                _("Tulis ralatnya: apa yang salah dan apa yang benar, dalam satu kalimat."),
            )
        request = cleaned_data.get("correction_request")
        if request is not None and request.article_id != self.instance.pk:
            self.add_error(None, _("Permintaan koreksi itu untuk rilis lain."))
        elif request is not None and not request.is_open:
            self.add_error(None, _("Permintaan koreksi itu sudah ditangani editor lain."))
        return cleaned_data

    def photos_changed(self):
        """Return True if the photo rows sent change the release's photos or their captions.

        The photos are an inline of the release form, not its fields: read from the rows sent.
        """
        sent = submitted_photos(self.data, self.instance, getattr(self, "editing_user", None))
        if sent is None or self.instance.pk is None:
            return False
        return sent != [(photo.image.name, photo.caption) for photo in self.instance.photos.all()]


class CorrectionRequestForm(forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if len(note) > 2000:
            raise forms.ValidationError(_("Catatan terlalu panjang: paling banyak 2.000 huruf."))
        return note


class WithdrawForm(forms.Form):
    removal = forms.ChoiceField(
        label=_("Alamat rilis setelah ditarik"),
        choices=[
            (
                Article.Removal.GONE,
                _(
                    "410: alamatnya menampilkan pemberitahuan penarikan dan tanggalnya, dan "
                    "rilis dicantumkan di /ralat/"
                ),
            ),
            (
                Article.Removal.HIDDEN,
                _("404: seolah tidak pernah ada, untuk penghapusan karena alasan hukum"),
            ),
        ],
        initial=Article.Removal.GONE,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan (tampil di pemberitahuan 410)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
