from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.text import Truncator

import pagecache
from articles.models import Article, release_withdrawn

from .models import TEXT_LENGTH, Correction


@receiver(release_withdrawn, sender=Article, dispatch_uid="corrections-record-withdrawal")
def record_withdrawal(sender, article, by, reason, **kwargs):
    """A release withdrawn with a public notice (410) is listed on /ralat/; a legal removal
    (404) leaves no public trace."""
    if article.removal == Article.Removal.GONE:
        Correction.objects.create(
            article=article,
            kind=Correction.Kind.WITHDRAWAL,
            text=Truncator(" ".join(reason.split())).chars(TEXT_LENGTH),
            created_at=article.withdrawn_at,
            editor=by,
        )


def notices_changed(sender, **kwargs):
    pagecache.invalidate()


# Release pages, /ralat/ and its feed show the notices. Requests are only seen by editors.
post_save.connect(notices_changed, sender=Correction, dispatch_uid="invalidate-Correction")
post_delete.connect(notices_changed, sender=Correction, dispatch_uid="invalidate-del-Correction")
