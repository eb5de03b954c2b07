from django.db.models.signals import m2m_changed, post_delete, post_save

import pagecache

from .importing import forget_operations
from .models import Operation


def operation_changed(sender, **kwargs):
    forget_operations()
    pagecache.invalidate()


def units_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        pagecache.invalidate()


# An operation's page, the home page's running operations and every release page naming it.
post_save.connect(operation_changed, sender=Operation, dispatch_uid="invalidate-Operation")
post_delete.connect(operation_changed, sender=Operation, dispatch_uid="invalidate-del-Operation")
m2m_changed.connect(
    units_changed, sender=Operation.units.through, dispatch_uid="invalidate-m2m-Operation"
)
