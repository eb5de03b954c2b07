from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operasi kepolisian")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pagecache import marker

        from . import signals  # noqa: F401
        from .models import next_public_change

        # The home page lists the operations running today, so the public pages also change
        # when an operation starts or ends; next_public_change includes the articles' own time.
        marker.set_schedule(next_public_change)
