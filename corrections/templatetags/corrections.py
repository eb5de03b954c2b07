"""The corrections' pieces of the editorial workspace: the dashboard and the release form."""

from django import template

from articles import whatsapp
from articles.models import Article

from ..models import CorrectionRequest

register = template.Library()

DASHBOARD_ROWS = 8


@register.inclusion_tag("corrections/includes/dashboard.html", takes_context=True)
def correction_requests(context):
    """The open "Minta koreksi" requests, for editors on the admin index."""
    user = context["request"].user
    if not Article.can_publish(user):
        return {"show": False}
    waiting = CorrectionRequest.objects.open().select_related("article", "requested_by")
    return {
        "show": True,
        "requests": waiting[:DASHBOARD_ROWS],
        "count": waiting.count(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("corrections/includes/request_link_button.html", takes_context=True)
def correction_request_link(context, article):
    """ "Minta koreksi" for a reporter looking at her own published release."""
    user = context["request"].user
    show = article is not None and CorrectionRequest.can_be_made_by(user, article)
    return {
        "show": show,
        "article": article,
        "open_requests": article.correction_requests.open().filter(requested_by=user)
        if show
        else [],
    }


@register.inclusion_tag("corrections/includes/release_tools.html", takes_context=True)
def release_tools(context, article):
    """Above the release form: the request being answered, WhatsApp text, "Tarik dari situs"."""
    request = context["request"]
    if article is None or article.pk is None:
        return {"show": False}
    form = getattr(context.get("adminform"), "form", None)
    is_public = article.is_public
    return {
        "show": True,
        "article": article,
        "open_request": getattr(form, "open_request", None),
        "can_withdraw": Article.can_publish(request.user)
        and article.status == Article.Status.PUBLISHED,
        "whatsapp_text": whatsapp.message(
            article, request.build_absolute_uri(article.get_short_url())
        )
        if is_public
        else "",
        "whatsapp_id": "whatsapp-text-admin",
    }
