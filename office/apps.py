from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Identitas kantor")

    def ready(self):
        from . import signals  # noqa: F401
