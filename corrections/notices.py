"""The notices shown on a release page and in its JSON-LD (schema.org CorrectionComment)."""

from .models import Correction


def notices_of(article):
    """Return the release's correction notices, newest first, loaded once per article object."""
    if article.pk is None:
        return []
    cached = getattr(article, "_correction_notices", None)
    if cached is None:
        cached = article._correction_notices = list(
            Correction.objects.filter(article=article).order_by("-created_at", "-id")
        )
    return cached


def corrections_json_ld(article, notices, url):
    """Return the NewsArticle properties for the notices: correction, and a later dateModified."""
    if not notices:
        return {}
    zone = article.unit.tzinfo
    data = {
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": notice.text or notice.get_kind_display(),
                "datePublished": notice.created_at.astimezone(zone).isoformat(),
                "url": f"{url}#ralat-{notice.pk}",
            }
            for notice in notices
        ]
    }
    newest = notices[0].created_at
    if article.updated_at is None or newest > article.updated_at:
        data["dateModified"] = newest.astimezone(zone).isoformat()
    return data


def withdrawal_notice(article):
    """Return the notice of the release's latest withdrawal (with the editor's reason), if any."""
    return (
        Correction.objects.filter(article=article, kind=Correction.Kind.WITHDRAWAL)
        .order_by("-created_at", "-id")
        .first()
    )
