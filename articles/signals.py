from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import invalidate_public_pages
from .models import Article, Author, Unit


def content_changed(sender, **kwargs):
    invalidate_public_pages()


for model in (Article, Author, Unit):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"invalidate-{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"invalidate-del-{model.__name__}"
    )
m2m_changed.connect(
    content_changed, sender=Article.authors.through, dispatch_uid="invalidate-authors"
)
