"""The editors' dashboard on the admin index: what needs them now."""

from django import template

from articles.models import Article

register = template.Library()

DASHBOARD_ROWS = 8


@register.inclusion_tag("admin/includes/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """Releases waiting for review, scheduled ones and the last published."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    releases = Article.objects.select_related("unit").only(
        "title", "status", "published_at", "updated_at", "unit__name"
    )
    waiting = releases.filter(status=Article.Status.REVIEW).order_by("updated_at")
    scheduled = releases.scheduled()
    held = (
        Article.objects.held_from_import()
        .select_related("unit")
        .only("title", "import_notes", "unit__name")
        .order_by("pk")
    )
    return {
        "held": [(article, article.import_notes.splitlines()) for article in held[:DASHBOARD_ROWS]],
        "held_count": held.count(),
        "show": True,
        "waiting": waiting[:DASHBOARD_ROWS],
        "waiting_count": waiting.count(),
        "scheduled": scheduled[:DASHBOARD_ROWS],
        "published": releases.published().order_by("-published_at")[:DASHBOARD_ROWS],
    }
