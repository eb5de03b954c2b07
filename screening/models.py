import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rule(models.Model):
    """One word or pattern the pre-publication check uses; the office extends them in the admin."""

    class Kind(models.TextChoices):
        WORD = "kata", _("Kata penanda")
        PATTERN = "pola", _("Pola penanda (ekspresi reguler)")
        OFFICIAL = "pejabat", _("Pangkat atau jabatan di depan nama pejabat")
        HONORIFIC = "gelar", _("Gelar yang menjadi bagian nama (H., Drs.)")
        NOT_NAME = "bukan_nama", _("Kata berhuruf kapital yang bukan nama orang")

    class Role(models.TextChoices):
        SUSPECT = "tersangka", _("Tersangka atau pelaku")
        VICTIM = "korban", _("Korban")
        MINOR = "anak", _("Anak atau di bawah umur")

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    role = models.CharField(
        _("menandai"),
        max_length=12,
        choices=Role.choices,
        blank=True,
        help_text=_("Untuk kata dan pola penanda: siapa yang ditandainya."),
    )
    value = models.CharField(
        _("kata atau pola"),
        max_length=200,
        help_text=_(
            "Kata atau frasa, mis. “di bawah umur” (huruf besar-kecil tidak dibedakan); untuk "
            "pola, ekspresi reguler Python, mis. \\((?:[0-9]|1[0-7])\\) untuk umur di bawah 18."
        ),
    )
    active = models.BooleanField(_("aktif"), default=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "role", "value"]
        verbose_name = _("aturan pemeriksaan")
        verbose_name_plural = _("aturan pemeriksaan")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="screening_rule_unique_value")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        markers = (self.Kind.WORD, self.Kind.PATTERN)
        if self.kind in markers and not self.role:
            raise ValidationError({"role": _("Pilih siapa yang ditandai kata atau pola ini.")})
        if self.kind not in markers and self.role:
            raise ValidationError({"role": _("Hanya kata dan pola penanda yang menandai orang.")})
        if self.kind == self.Kind.PATTERN:
            try:
                re.compile(self.value)
            except re.error as error:
                raise ValidationError(
                    {"value": _("Pola tidak sah: %(error)s.") % {"error": error}}
                ) from None


class Confirmation(models.Model):
    """An editor's word that one finding of the check was looked at, kept with the revision."""

    class Reason(models.TextChoices):
        INITIALS = "inisial", _("sudah dicek: inisial, bukan nama lengkap")
        NOT_SUSPECT = "bukan_tersangka", _("sudah dicek: bukan tersangka atau pelaku")
        NOT_VICTIM = "bukan_korban", _("sudah dicek: bukan korban")
        NOT_MINOR = "bukan_anak", _("sudah dicek: bukan anak (18 tahun ke atas)")
        ALLOWED = "boleh", _("sudah dicek: boleh disebut (mis. putusan pengadilan, izin)")
        FACES_HIDDEN = "wajah_disamarkan", _("sudah dicek: wajah anak dan korban disamarkan")
        NO_FACES = "tanpa_wajah", _("sudah dicek: tidak ada anak atau korban di foto")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("rilis"),
        on_delete=models.CASCADE,
        related_name="screening_confirmations",
    )
    # The revision saved with the confirmation (None when saved outside a revision).
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("revisi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_confirmations",
    )
    key = models.CharField(_("kunci temuan"), max_length=64)
    role = models.CharField(_("temuan"), max_length=12)
    name = models.CharField(_("nama yang ditemukan"), max_length=300, blank=True)
    sentence = models.TextField(_("kalimat"))
    reason = models.CharField(_("konfirmasi"), max_length=20, choices=Reason.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("konfirmasi pemeriksaan")
        verbose_name_plural = _("konfirmasi pemeriksaan")
        indexes = [models.Index(fields=["article", "key"], name="screening_confirmation_key")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.name or self.sentence[:60]}"

    @property
    def editor_name(self):
        user = self.confirmed_by
        if user is None:
            return "—"
        return user.get_full_name() or user.get_username()
