import datetime
import re

import reversion
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.html import html_to_text
from articles.models import Unit


class OperationQuerySet(models.QuerySet):
    def running_on(self, day):
        """Return the operations whose period includes this day (both ends included)."""
        return self.filter(start_date__lte=day, end_date__gte=day)

    def running_today(self):
        """Return the operations running today, in the site's time zone."""
        return self.running_on(timezone.localdate())

    def named_in(self, text, day):
        """Return the operation running on day that the text names, or None."""
        if not text or day is None:
            return None
        return pick_named(self.running_on(day), text)


def pick_named(operations, text):
    """Return the one of these operations that the text names, or None.

    A text names an operation by its name ("Operasi Ketupat") or its short form ("Ops
    Ketupat"); when several match, the one whose code name and year the text also gives wins,
    then the longest name.
    """
    words = _words(text)
    found = []
    for operation in operations:
        if any(f" {form} " in words for form in operation.spoken_forms()):
            score = sum(
                f" {_words(part).strip()} " in words
                for part in (operation.code_name, str(operation.year))
                if part
            )
            found.append((score, len(operation.name), -operation.pk, operation))
    if not found:
        return None
    return max(found, key=lambda item: item[:3])[3]


def _words(text):
    """Return text case-folded, punctuation as spaces, padded with a space at each end."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split()) + " "


@reversion.register()
class Operation(models.Model):
    """A named, dated police operation ("Operasi Ketupat Semeru 2025") that releases report on."""

    class Kind(models.TextChoices):
        CENTRAL = "terpusat", _("Kepolisian terpusat")
        REGIONAL = "kewilayahan", _("Kewilayahan")

    name = models.CharField(
        _("nama operasi"), max_length=100, help_text=_("Mis. Operasi Ketupat, Operasi Zebra.")
    )
    code_name = models.CharField(
        _("sandi"), max_length=100, blank=True, help_text=_("Nama sandi wilayah, mis. Semeru.")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    units = models.ManyToManyField(
        Unit, verbose_name=_("satuan yang terlibat"), blank=True, related_name="operations"
    )
    description = models.TextField(_("keterangan"), blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = OperationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("operasi")
        verbose_name_plural = _("operasi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="operation_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"], name="operation_period")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("operations:detail", kwargs={"slug": self.slug})

    @property
    def title(self):
        """Return the full name: "Operasi Ketupat Semeru 2025"."""
        return " ".join(part for part in (self.name, self.code_name, str(self.year)) if part)

    def spoken_forms(self):
        """Return the case-folded ways a text names this operation: "operasi x" and "ops x"."""
        name = _words(self.name).strip()
        forms = {name}
        for long, short in (("operasi ", "ops "), ("ops ", "operasi ")):
            if name.startswith(long):
                forms.add(short + name.removeprefix(long))
        return forms

    def is_running_on(self, day):
        return self.start_date <= day <= self.end_date

    @property
    def is_running(self):
        return self.is_running_on(timezone.localdate())


def operation_for_text(title, lead, body_html, published_at):
    """Return the existing operation that a release's text names within its period, or None.

    The importer calls this for every release it prepares; the release form suggests it.
    """
    if published_at is None:
        return None
    day = timezone.localdate(published_at)
    text = " ".join((title or "", lead or "", html_to_text(body_html or "")))
    return Operation.objects.named_in(text, day)


def next_public_change():
    """Return when the public pages next change by time alone: a release or an operation."""
    from articles.models import Article

    moments = [Article.objects.next_publication_time()]
    today = timezone.localdate()
    starts = Operation.objects.filter(start_date__gt=today).order_by("start_date")
    ends = Operation.objects.filter(end_date__gte=today).order_by("end_date")
    next_start = starts.values_list("start_date", flat=True).first()
    last_day = ends.values_list("end_date", flat=True).first()
    # The list changes at the midnight an operation starts, and the one after its last day.
    days = [next_start, last_day + datetime.timedelta(days=1) if last_day else None]
    moments += [
        timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        for day in days
        if day is not None
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None
