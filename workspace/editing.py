"""What the release admin asks of the workspace: the form page's settings, and a saved release."""

from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article, Unit

from .forms import SCHEDULE, schedule_label
from .models import Autosave, Presence


def form_context(request, article):
    """Return the template context of the release form: autosave and presence for this user."""
    if article is not None and article.pk:
        autosave = Autosave.objects.of(request.user, article).first()
        if article.can_be_edited_by(request.user):
            Presence.objects.beat(request.user, article)
        others = [other.notice() for other in Presence.objects.others(request.user, article)]
        urls = {
            "autosave": reverse("workspace:autosave", args=[article.pk]),
            "discard": reverse("workspace:discard", args=[article.pk]),
            "presence": reverse("workspace:presence", args=[article.pk]),
            "leave": reverse("workspace:leave", args=[article.pk]),
        }
        key = f"release-{article.pk}"
    else:
        autosave = Autosave.objects.of(request.user, None).first()
        others = []
        urls = {
            "autosave": reverse("workspace:autosave-new"),
            "discard": reverse("workspace:discard-new"),
        }
        key = f"release-new-{request.user.pk}"
    return {
        "workspace": {
            "key": key,
            "urls": urls,
            "autosaveSeconds": settings.WORKSPACE_AUTOSAVE_SECONDS,
            "heartbeatSeconds": settings.WORKSPACE_HEARTBEAT_SECONDS,
            "autosave": autosave.as_json() if autosave else None,
            "storedAt": article.updated_at.isoformat() if article and article.pk else None,
            # The zone written beside the time follows the unit chosen (WIB unless listed).
            "zones": {
                str(pk): Unit.TimeZone(zone).name
                for pk, zone in Unit.objects.exclude(time_zone=Unit.TimeZone.WIB).values_list(
                    "pk", "time_zone"
                )
            },
        },
        "presence_notices": others,
        "readonly_reason": readonly_reason(request.user, article),
    }


def readonly_reason(user, article):
    """Return why the user may not change this release, or None if they may."""
    if article is None or not article.pk or article.can_be_edited_by(user):
        return None
    if article.status == Article.Status.PUBLISHED:
        return _(
            "Rilis ini sudah terbit, jadi hanya editor yang dapat mengubahnya: yang sudah dibaca "
            "publik tidak berubah diam-diam. Bila ada yang salah, minta koreksi kepada editor."
        )
    return _("Rilis ini bukan tulisan Anda; hanya penulisnya dan editor yang dapat mengubahnya.")


def release_saved(request, article, form, change):
    """The release was saved from its form: drop the user's autosave, confirm a schedule."""
    Autosave.objects.discard(request.user, article if change else None)
    if article.is_scheduled and (
        getattr(form, "workflow_action", None) == SCHEDULE or "published_at" in form.changed_data
    ):
        messages.success(
            request,
            _("Dijadwalkan tayang %(when)s")
            % {"when": schedule_label(article.published_at, article.unit)},
        )
