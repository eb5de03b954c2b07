"""The office's identity: the name, description, logo and contacts every public page shows."""

import secrets
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _

from pagecache import fragments


def logo_upload_to(instance, filename):
    """Return a random path: a new logo gets a new address, so caches never show the old one."""
    return f"kantor/logo-{secrets.token_hex(8)}{PurePosixPath(filename).suffix.lower()}"


class Office(models.Model):
    """The Humas office running this site; there is exactly one (set in the admin)."""

    name = models.CharField(
        _("nama situs"),
        max_length=120,
        default="Rilis Humas",
        help_text=_("Mis. Humas Polres Jember."),
    )
    description = models.CharField(
        _("deskripsi singkat"),
        max_length=200,
        default="Kabar resmi kepolisian",
        help_text=_("Tampil di bawah nama situs dan sebagai deskripsi halaman."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=logo_upload_to,
        blank=True,
        help_text=_("PNG, JPEG atau WebP, persegi, minimal 112x112 piksel."),
    )
    unit = models.ForeignKey(
        "articles.Unit",
        verbose_name=_("satuan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    whatsapp = models.CharField(
        _("WhatsApp"), max_length=30, blank=True, help_text=_("Nomor layanan, mis. 0811-3333-110.")
    )
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    x = models.URLField(_("X (Twitter)"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)
    tiktok = models.URLField(_("TikTok"), blank=True)

    class Meta:
        verbose_name = _("identitas kantor")
        verbose_name_plural = _("identitas kantor")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="office_single_row")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """Return the office (its defaults before one is saved), cached under the page marker."""
        return fragments.cached("office", lambda: cls.objects.filter(pk=1).first() or cls(pk=1))

    def social_links(self):
        """Return (name, address) of the accounts shown in the footer."""
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in ("facebook", "instagram", "x", "youtube", "tiktok")
            if getattr(self, field)
        ]
