from django.db.models.signals import post_delete, post_save

import pagecache

from .models import Office


def office_changed(sender, **kwargs):
    pagecache.invalidate()  # every public page shows the office's name


post_save.connect(office_changed, sender=Office, dispatch_uid="invalidate-office")
post_delete.connect(office_changed, sender=Office, dispatch_uid="invalidate-del-office")
