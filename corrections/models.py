"""Corrections ("Ralat") of published releases, withdrawals, and reporters' requests for them.

A correction is the public notice an editor records when changing a published release's facts:
what was wrong and what is right, in one sentence, with the time and the editor. A release
withdrawn after being public gets a notice of its own (kind WITHDRAWAL), recorded by
Article.unpublish() through the release_withdrawn signal. The public sees only the notices of
public releases and of withdrawn releases whose address says so (CorrectionQuerySet.public()).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

# A correction is one sentence; a notice longer than this is refused (see record()).
TEXT_LENGTH = 500


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Return the notices the public sees: those of public releases, and withdrawals (410)."""
        return self.filter(
            Q(article__in=Article.objects.published())
            | Q(kind=Correction.Kind.WITHDRAWAL, article__in=Article.objects.withdrawn())
        )

    def record(self, article, text, *, by, request=None):
        """Record a correction of a public release by an editor; resolve the request it answers."""
        if not Article.can_publish(by):
            raise PermissionDenied(_("Hanya editor yang dapat mencatat ralat."))
        if not article.is_public:
            raise ValueError(_("Ralat hanya untuk rilis yang sudah tayang."))
        text = " ".join(text.split())
        if not text or len(text) > TEXT_LENGTH:
            raise ValueError(
                _("Tulis ralatnya dalam satu kalimat, paling banyak %(limit)d huruf.")
                % {"limit": TEXT_LENGTH}
            )
        with transaction.atomic():
            correction = self.create(
                article=article, kind=Correction.Kind.CORRECTION, text=text, editor=by
            )
            if request is not None:
                request.resolve(correction, by=by)
            # The release is modified by its notice: dateModified and the feeds' updated time.
            Article.objects.filter(pk=article.pk, updated_at__lt=correction.created_at).update(
                updated_at=correction.created_at
            )
        return correction


class Correction(models.Model):
    """A public notice on a published release: a correction of its facts, or its withdrawal."""

    class Kind(models.TextChoices):
        CORRECTION = "ralat", _("Ralat")
        WITHDRAWAL = "penarikan", _("Penarikan")

    article = models.ForeignKey(
        Article, verbose_name=_("rilis"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.CORRECTION
    )
    text = models.CharField(
        _("ralat"),
        max_length=TEXT_LENGTH,
        blank=True,
        help_text=_(
            "Apa yang salah dan apa yang benar, dalam satu kalimat, mis.: Sebelumnya tertulis "
            "pelaku berusia 25 tahun; yang benar 23 tahun."
        ),
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ralat")
        verbose_name_plural = _("ralat")
        indexes = [models.Index(fields=["-created_at", "-id"], name="correction_newest_first")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article.title}"

    def get_absolute_url(self):
        """Return the notice on the release page (a withdrawn release's page is its notice)."""
        url = self.article.get_absolute_url() or ""
        return url if self.kind == self.Kind.WITHDRAWAL else f"{url}#ralat-{self.pk}"

    @property
    def local_created_at(self):
        """Return the time in the release's unit's zone."""
        return timezone.localtime(self.created_at, self.article.unit.tzinfo)


class CorrectionRequestQuerySet(models.QuerySet):
    def open(self):
        """Return the requests no editor has answered yet, the oldest first."""
        return self.filter(status=CorrectionRequest.Status.OPEN).order_by("created_at", "pk")


class CorrectionRequest(models.Model):
    """A reporter's note to the editors asking to correct her own published release."""

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        DONE = "done", _("Dijadikan ralat")
        CLOSED = "closed", _("Ditutup")

    article = models.ForeignKey(
        Article,
        verbose_name=_("rilis"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    note = models.TextField(
        _("catatan untuk editor"), help_text=_("Apa yang salah dan apa yang benar.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditangani oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)
    correction = models.OneToOneField(
        Correction,
        verbose_name=_("ralat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
    )

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan koreksi")
        verbose_name_plural = _("permintaan koreksi")
        indexes = [models.Index(fields=["status", "created_at"], name="correction_request_open")]

    def __str__(self):
        return _("Permintaan koreksi: %(title)s") % {"title": self.article.title}

    @staticmethod
    def can_be_made_by(user, article):
        """Return True if the user may ask for a correction: a reporter of the release who can
        no longer change it herself because it is published."""
        return (
            user.is_active
            and user.is_staff
            and article.status == Article.Status.PUBLISHED
            and article.is_own_work_of(user)
            and not article.can_be_edited_by(user)
        )

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def resolve(self, correction, *, by):
        """Mark the request answered by this correction."""
        self._answer(self.Status.DONE, by)
        self.correction = correction
        self.save()

    def close(self, *, by):
        """Close the request without a public correction (fixed otherwise, or not needed)."""
        self._answer(self.Status.CLOSED, by)
        self.save()

    def _answer(self, status, by):
        if not Article.can_publish(by):
            raise PermissionDenied(_("Hanya editor yang dapat menangani permintaan koreksi."))
        if not self.is_open:
            raise ValueError(_("Permintaan ini sudah ditangani."))
        self.status, self.resolved_by, self.resolved_at = status, by, timezone.now()
