"""The check in the release form: findings shown, editors' confirmations required to publish.

ArticleAdminForm declares a ScreeningField and calls attach() from __init__ and screen() from
clean(); ArticleAdmin.save_model calls record(). The rule is keyed on the status and time the
form resolves to (published, now or scheduled), whatever buttons or fields chose them.
"""

import reversion
from django import forms
from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from articles.photos import submitted_photos

from .checks import PHOTO, check, check_article, photo_texts, stored_photos, unconfirmed
from .models import Confirmation

FIELD = "screening"


class ScreeningWidget(forms.Widget):
    """The findings, each with its sentence and, for editors, a choice of confirmation."""

    template_name = "screening/widget.html"

    class Media:
        css = {"all": ["css/screening.css"]}

    findings = ()
    confirmed = {}  # key -> Confirmation recorded earlier
    can_confirm = False

    def value_from_datadict(self, data, files, name):
        prefix = f"{name}-"
        return {key.removeprefix(prefix): data[key] for key in data if key.startswith(prefix)}

    def value_omitted_from_data(self, data, files, name):
        return False

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (templates/screening/), not the form renderer's own folders.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value if isinstance(value, dict) else {}
        context["findings"] = [
            {
                "finding": finding,
                "field_name": f"{name}-{finding.key}",
                "chosen": value.get(finding.key, ""),
                "confirmation": self.confirmed.get(finding.key),
            }
            for finding in self.findings
        ]
        context["can_confirm"] = self.can_confirm
        return context


class ScreeningField(forms.Field):
    widget = ScreeningWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Temuan"))
        super().__init__(**kwargs)

    def to_python(self, value):
        return value if isinstance(value, dict) else {}


def _show(form, findings):
    field = form.fields[FIELD]
    article = form.instance
    confirmed = {}
    if article.pk and findings:
        for confirmation in Confirmation.objects.filter(
            article=article, key__in=[f.key for f in findings]
        ).select_related("confirmed_by"):
            confirmed.setdefault(confirmation.key, confirmation)
    field.widget.findings = findings
    field.widget.confirmed = confirmed
    field.widget.can_confirm = form.editing_user is not None and Article.can_publish(
        form.editing_user
    )
    form.screening_findings = findings
    return confirmed


def attach(form):
    """Show the findings of the release as stored when the form opens."""
    if FIELD not in form.fields:
        return
    form.screening_findings = []
    if form.instance.pk and not form.is_bound:
        article = form.instance
        _show(form, check_article(article))


def screen(form, cleaned_data):
    """Check the text being saved; refuse to publish or schedule it with findings unconfirmed."""
    if FIELD not in form.fields:
        return
    article = form.instance

    def value(name):
        return cleaned_data[name] if name in cleaned_data else getattr(article, name)

    # The photos as this save leaves them: uploads are stored before the form is sent, so
    # even a new photo is known by its stored name.
    photos = submitted_photos(form.data, article, getattr(form, "editing_user", None))
    findings = check(
        title=value("title"),
        lead=value("lead"),
        body=value("body"),
        **photo_texts(stored_photos(article) if photos is None else photos),
    )
    confirmed = _show(form, findings)
    given = cleaned_data.get(FIELD) or {}
    can_confirm = form.fields[FIELD].widget.can_confirm
    form.screening_confirmed = [
        (finding, given[finding.key])
        for finding in findings
        if can_confirm
        and finding.key not in confirmed
        and given.get(finding.key) in {reason.value for reason in finding.reasons}
    ]
    done = {finding.key for finding, _reason in form.screening_confirmed} | set(confirmed)
    form.screening_open = [finding for finding in findings if finding.key not in done]
    publishing = value("status") == Article.Status.PUBLISHED
    if publishing and form.screening_open:
        form.add_error(
            FIELD,
            forms.ValidationError(
                ngettext(
                    "Belum diterbitkan: %(count)d temuan pemeriksaan belum dikonfirmasi. "
                    "Perbaiki teksnya, atau pilih konfirmasi untuk setiap temuan di bawah.",
                    "Belum diterbitkan: %(count)d temuan pemeriksaan belum dikonfirmasi. "
                    "Perbaiki teksnya, atau pilih konfirmasi untuk setiap temuan di bawah.",
                    len(form.screening_open),
                ),
                code="unconfirmed",
                params={"count": len(form.screening_open)},
            ),
        )


def record(request, article, form):
    """Keep the editor's confirmations with the revision; warn about findings left open."""
    for finding, reason in getattr(form, "screening_confirmed", []):
        values = {
            "article_id": article.pk,
            # A new photo's finding is keyed on its stored name from now on.
            "key": (
                finding.key
                if finding.role != PHOTO or finding.subject != "baru"
                else _photo_key(article)
            ),
            "role": finding.role,
            "name": finding.name[:300],
            "sentence": finding.sentence,
            "reason": reason,
            "confirmed_by_id": request.user.pk,
        }
        if reversion.is_active():
            reversion.add_meta(Confirmation, **values)
        else:
            Confirmation.objects.create(**values)
    open_findings = getattr(form, "screening_open", [])
    if open_findings and article.status != Article.Status.PUBLISHED:
        lines = "; ".join(
            f"{finding.message} «{finding.sentence}»" for finding in open_findings[:5]
        )
        messages.warning(
            request,
            ngettext(
                "Pemeriksaan sebelum terbit: %(count)d temuan. %(lines)s",
                "Pemeriksaan sebelum terbit: %(count)d temuan. %(lines)s",
                len(open_findings),
            )
            % {"count": len(open_findings), "lines": lines},
        )


def _photo_key(article):
    from .checks import check_article

    for finding in check_article(article):
        if finding.role == PHOTO:
            return finding.key
    return ""


def refuse_unconfirmed(article):
    """Return a message if the release has findings no editor confirmed, else ""."""
    pending = unconfirmed(article)
    if not pending:
        return ""
    return ngettext(
        "“%(title)s” tidak diterbitkan: %(count)d temuan pemeriksaan belum dikonfirmasi. "
        "Buka rilisnya untuk memeriksa.",
        "“%(title)s” tidak diterbitkan: %(count)d temuan pemeriksaan belum dikonfirmasi. "
        "Buka rilisnya untuk memeriksa.",
        len(pending),
    ) % {"title": article.title, "count": len(pending)}
