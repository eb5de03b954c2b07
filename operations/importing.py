"""The importer's link from a release to its operation (called by articles.importers.prepare)."""

import time

from django.utils import timezone

from articles.html import html_to_text

from .models import Operation, pick_named

_memo = {"operations": None, "at": 0.0}
MEMO_SECONDS = 60


def _operations():
    # An import prepares thousands of releases; the few operations are read once a minute.
    if _memo["operations"] is None or time.monotonic() - _memo["at"] > MEMO_SECONDS:
        _memo["operations"], _memo["at"] = list(Operation.objects.all()), time.monotonic()
    return _memo["operations"]


def forget_operations(**kwargs):
    _memo["operations"] = None


def operation_fields(slug, fields):
    """Return {"operation_id": ...} for a release's prepared fields, or {} when it has none.

    slug: the operation an export names; else the operation the text names within its period.
    """
    # Here, not at the top: the importers package imports this module while it loads.
    from articles.importers.base import ImportFailure

    published_at = fields.get("published_at")
    day = timezone.localdate(published_at) if published_at else None
    if slug:
        operation = Operation.objects.filter(slug=slug).first()
        if operation is None:
            raise ImportFailure(
                f"operasi dengan slug '{slug}' tidak ada; muat operasinya dulu "
                "(dumpdata/loaddata operations)"
            )
        if day is not None and not operation.is_running_on(day):
            raise ImportFailure(
                f"rilis bertanggal {day:%d-%m-%Y} di luar masa {operation.title} "
                f"({operation.start_date:%d-%m-%Y} sampai {operation.end_date:%d-%m-%Y})"
            )
        return {"operation_id": operation.pk}
    if day is None:
        return {}
    running = [op for op in _operations() if op.is_running_on(day)]
    if not running:
        return {}
    text = " ".join((fields["title"], fields.get("lead", ""), html_to_text(fields["body"])))
    named = pick_named(running, text)
    if named is None:
        return {}
    # Read again: the list may be up to a minute old, and a link must not point at a row that
    # another process has since deleted or moved.
    operation = Operation.objects.filter(pk=named.pk).first()
    if operation is None or not operation.is_running_on(day):
        return {}
    return {"operation_id": operation.pk}
