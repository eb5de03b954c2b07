from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from taggit.models import Tag, TaggedItem

import pagecache

from .models import Article, Author, OldSlug, Unit


def content_changed(sender, **kwargs):
    pagecache.invalidate()


def relation_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        pagecache.invalidate()


# Everything a public page shows: releases, reporters, units, tag names, tag links, old URLs.
for model in (Article, Author, Unit, Tag, TaggedItem, OldSlug):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"invalidate-{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"invalidate-del-{model.__name__}"
    )
for through in (Article.authors.through, Article.tags.through):
    m2m_changed.connect(
        relation_changed, sender=through, dispatch_uid=f"invalidate-m2m-{through.__name__}"
    )


def remember_address_on_raw_save(sender, instance, raw, **kwargs):
    """A raw save (reversion's revert, loaddata) skips Article.save(): keep the address anyway."""
    if raw:
        instance.remember_old_address()


pre_save.connect(remember_address_on_raw_save, sender=Article, dispatch_uid="article-raw-address")
