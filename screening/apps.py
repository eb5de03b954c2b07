from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Pemeriksaan sebelum terbit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .checks import forget_rules
        from .models import Rule

        # Imports read the rules once a minute; a change made here is seen at once.
        post_save.connect(forget_rules, sender=Rule, dispatch_uid="screening-forget-rules")
        post_delete.connect(forget_rules, sender=Rule, dispatch_uid="screening-forget-rules-del")
