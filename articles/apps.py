from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Rilis berita")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pagecache import marker

        from . import signals  # noqa: F401
        from .models import Article

        # Cached public pages go stale by themselves when the next scheduled release is due.
        marker.set_schedule(Article.objects.next_publication_time)
