"""The release form's workflow: buttons that say what happens, and a time in the unit's zone.

The buttons are one submit field, ``_action``, translated into the same ``status`` and
``published_at`` form data that a form without them sends; the form then validates that data
exactly as before, so the server's rules (statuses_for, the publisher fields, save_model) and
every check in clean() see one code path, whichever way the data came.
"""

import datetime
import hashlib

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Unit

DRAFT, REVIEW, PUBLISH, SCHEDULE, UPDATE, UNPUBLISH = (
    "draft",
    "review",
    "publish",
    "schedule",
    "update",
    "unpublish",
)
# The status each button gives the release.
STATUS_OF_ACTION = {
    DRAFT: Article.Status.DRAFT,
    REVIEW: Article.Status.REVIEW,
    PUBLISH: Article.Status.PUBLISHED,
    SCHEDULE: Article.Status.PUBLISHED,
    UPDATE: Article.Status.PUBLISHED,
    UNPUBLISH: Article.Status.DRAFT,
}
# Fields that belong to the request, not to the release.
DIGEST_SKIPPED = {"loaded_version", "submission_token", "loaded_fields"}
INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DATE_FORMAT = "%Y-%m-%d"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date and time picker, with the unit's zone written beside it."""

    input_type = "datetime-local"
    template_name = "workspace/widgets/datetime_local.html"
    zone_label = "WIB"
    date_only = False

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            return value.strftime(DATE_FORMAT if self.date_only else "%Y-%m-%dT%H:%M")
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        # The admin's former split date and time fields, which scripts and tests may still send.
        if name not in data and f"{name}_0" in data:
            day, time = data.get(f"{name}_0", ""), data.get(f"{name}_1", "")
            return f"{day} {time or '00:00'}".strip() if day else ""
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_0" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.date_only:
            # A release known only by its date shows no invented 00:00.
            context["widget"]["type"] = "date"
        context["widget"]["zone_label"] = self.zone_label
        return context


class ZonedDateTimeField(forms.DateTimeField):
    """A wall-clock time read and shown in a unit's own zone (WIB, WITA or WIT)."""

    widget = DateTimeLocalInput

    def __init__(self, **kwargs):
        super().__init__(input_formats=INPUT_FORMATS + [DATE_FORMAT], **kwargs)
        self.zone = Unit(time_zone=Unit.TimeZone.WIB)

    def set_zone(self, unit):
        self.zone = unit
        self.widget.zone_label = unit.time_zone_label

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value, self.zone.tzinfo).replace(tzinfo=None)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        text = str(value).strip()
        for pattern in self.input_formats:
            try:
                naive = datetime.datetime.strptime(text, pattern)
            except ValueError:
                continue
            return timezone.make_aware(naive, self.zone.tzinfo)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        minute = datetime.timedelta(minutes=1)
        if initial is None or data is None:
            return initial != data
        return abs(initial - data) >= minute


def schedule_label(published_at, unit):
    """Return "Senin, 2 Desember 2024 pukul 08.00 WIB", in the unit's zone."""
    local = timezone.localtime(published_at, unit.tzinfo)
    return _("%(day)s pukul %(time)s %(zone)s") % {
        "day": formats.date_format(local, "l, j F Y"),
        "time": local.strftime("%H.%M"),
        "zone": unit.time_zone_label,
    }


class WorkflowFormMixin:
    """Turn the button pressed (``_action``) into the status and time the form validates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance
        self.stored_status = stored.status if stored.pk else None
        self.stored_is_public = bool(stored.pk) and stored.is_public
        self.stored_is_scheduled = bool(stored.pk) and stored.is_scheduled
        if "published_at" in self.fields:
            field = self.fields["published_at"]
            field.set_zone(self._unit())
            field.widget.date_only = bool(stored.pk) and not stored.has_time
        if "status" in self.fields:
            # The buttons set it; a form without them (or a crafted POST) still sends it.
            self.fields["status"].widget = forms.HiddenInput()
        # A short digest of each field as stored when the form was opened, so that a refused
        # stale save can name the fields someone else changed meanwhile.
        self.stored_digests = self._digests()
        self.fields["loaded_fields"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self.stored_digests
        )
        self.workflow_action = self.data.get("_action") if self.is_bound else None
        if self.workflow_action in STATUS_OF_ACTION:
            self.data = self._apply_action(self.workflow_action)

    def _digests(self):
        digests = []
        for name, field in self.fields.items():
            if name in DIGEST_SKIPPED:
                continue
            value = field.prepare_value(self.get_initial_for_field(field, name))
            if isinstance(value, list | tuple):  # reporters, tags: their order means nothing
                value = sorted(str(item) for item in value)
            digest = hashlib.sha256(f"{name}={value!r}".encode()).hexdigest()[:8]
            digests.append(f"{name}:{digest}")
        return " ".join(digests)

    def fields_changed_since_loaded(self):
        """Return the labels of the fields whose stored value changed since the form opened."""
        loaded = dict(
            item.split(":", 1) for item in self.data.get("loaded_fields", "").split() if ":" in item
        )
        now = dict(item.split(":", 1) for item in self.stored_digests.split())
        return [
            str(self.fields[name].label or name)
            for name, digest in now.items()
            if name in loaded and loaded[name] != digest
        ]

    def full_clean(self):
        super().full_clean()
        stale = [e for e in self.non_field_errors().as_data() if e.code == "stale"]
        changed = self.fields_changed_since_loaded() if stale and self.is_bound else []
        if changed:
            self.add_error(
                None,
                forms.ValidationError(
                    _("Yang diubah orang lain sejak Anda membuka rilis ini: %(fields)s.")
                    % {"fields": ", ".join(changed)},
                    code="stale_fields",
                ),
            )

    def _unit(self):
        """Return the unit whose zone the time is read in: the one chosen, else the stored one."""
        chosen = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        if str(chosen or "").isdigit():
            unit = Unit.objects.filter(pk=chosen).only("time_zone").first()
            if unit is not None:
                return unit
        if self.instance.unit_id:
            return self.instance.unit
        return Unit(time_zone=Unit.TimeZone.WIB)

    def _apply_action(self, action):
        data = self.data.copy()
        data["status"] = STATUS_OF_ACTION[action]
        if action == PUBLISH and "published_at" in self.fields:
            # "Terbitkan sekarang": now, unless it already has a time in the past (a release
            # put back on the site keeps its date, as Article.publish does).
            try:
                when = self.fields["published_at"].to_python(data.get("published_at"))
            except forms.ValidationError:
                when = None
            if when is None or when > timezone.now():
                data["published_at"] = ""
        return data

    def clean(self):
        cleaned_data = super().clean()
        if self.workflow_action == SCHEDULE and "published_at" in self.fields:
            when = cleaned_data.get("published_at")
            if when is None or when <= timezone.now():
                self.add_error(
                    "published_at",
                    _("Untuk menjadwalkan, pilih waktu tayang yang masih akan datang."),
                )
        return cleaned_data

    def workflow_buttons(self):
        """Return (action, label, is_primary) for the buttons this user has on this release."""
        can_publish = self.editing_user is not None and Article.can_publish(self.editing_user)
        if can_publish and self.stored_is_public:
            return [
                (UPDATE, _("Simpan perubahan"), True),
                (UNPUBLISH, _("Tarik dari situs"), False),
            ]
        if can_publish and self.stored_is_scheduled:
            return [
                (SCHEDULE, _("Simpan jadwal"), True),
                (PUBLISH, _("Terbitkan sekarang"), False),
                (UNPUBLISH, _("Batalkan jadwal"), False),
            ]
        buttons = [
            (DRAFT, _("Simpan draf"), not can_publish),
            (REVIEW, _("Ajukan ke editor"), False),
        ]
        if can_publish:
            buttons += [
                (PUBLISH, _("Terbitkan sekarang"), True),
                (SCHEDULE, _("Jadwalkan"), False),
            ]
        return buttons
