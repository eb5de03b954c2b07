"""What the release form keeps beside a release: unsaved text (autosaves) and who has it open."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Form keys an autosave never keeps: they belong to the request, not to the text.
NOT_KEPT = {"csrfmiddlewaretoken", "loaded_version", "submission_token", "_action"}


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article=None):
        """Return the autosaves of this user for a release (None: the add form)."""
        return self.filter(user=user, article=article)

    def keep(self, user, article, data, labels=None):
        """Store the form's fields as the user's autosave of the release; return it."""
        fields = {
            key: [str(value) for value in values]
            for key, values in data.items()
            # Nor a formset's management fields (photos-TOTAL_FORMS...): put back into a page
            # with other rows, they would make its photo rows disagree with the form.
            if key not in NOT_KEPT and not key.startswith("_") and not key.endswith("_FORMS")
        }
        autosave, _created = self.update_or_create(
            user=user,
            article=article,
            defaults={"data": fields, "labels": labels or {}, "saved_at": timezone.now()},
        )
        return autosave

    def discard(self, user, article=None):
        """Remove the user's autosave of a release: it was saved, or thrown away."""
        return self.of(user, article).delete()


class Autosave(models.Model):
    """A release form's fields as a user left them, never applied to the release by itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    # None for a release not saved yet (the add form).
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
    )
    # Field name -> list of values, as the form sends them.
    data = models.JSONField(default=dict)
    # Select name -> {value: text}, so a chosen reporter or unit shows by name when restored.
    labels = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("simpanan otomatis")
        verbose_name_plural = _("simpanan otomatis")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_user_and_release",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_release_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article or _('rilis baru')}"

    def as_json(self):
        """Return what the form needs to offer this autosave back."""
        return {
            "data": self.data,
            "labels": self.labels,
            "savedAt": self.saved_at.isoformat(),
            "savedAtLabel": clock(self.saved_at),
        }


def clock(moment):
    """Return a time as Indonesians write it: 10.42."""
    return timezone.localtime(moment).strftime("%H.%M")


def presence_timeout():
    return datetime.timedelta(seconds=getattr(settings, "WORKSPACE_PRESENCE_TIMEOUT", 120))


class PresenceQuerySet(models.QuerySet):
    def current(self):
        """Return the presences whose last heartbeat is recent enough."""
        return self.filter(seen_at__gt=timezone.now() - presence_timeout())

    def beat(self, user, article):
        """Record that the user has the release open now; a new visit starts a new time."""
        now = timezone.now()
        presence, created = self.get_or_create(
            user=user, article=article, defaults={"started_at": now, "seen_at": now}
        )
        if not created:
            if presence.seen_at <= now - presence_timeout():
                presence.started_at = now
            presence.seen_at = now
            presence.save(update_fields=["started_at", "seen_at"])
        return presence

    def others(self, user, article):
        """Return who else has the release open, the first to arrive first."""
        return (
            self.current()
            .filter(article=article)
            .exclude(user=user)
            .select_related("user__author")
            .order_by("started_at")
        )


class Presence(models.Model):
    """Someone has a release open in the form: the heartbeat of that page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presences"
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="presences"
    )
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    objects = PresenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="presence_one_per_user"),
        ]
        indexes = [models.Index(fields=["article", "seen_at"], name="presence_recent")]

    def __str__(self):
        return self.notice()

    @property
    def name(self):
        author = getattr(self.user, "author", None)
        return (author.name if author else "") or self.user.get_full_name() or self.user.username

    def notice(self):
        """Return "Budi sedang menyunting sejak 10.02"."""
        return _("%(name)s sedang menyunting sejak %(time)s") % {
            "name": self.name,
            "time": clock(self.started_at),
        }
