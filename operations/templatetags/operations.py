from django import template

from pagecache.fragments import cached

from ..models import Operation

register = template.Library()


@register.inclusion_tag("operations/running.html")
def running_operations():
    """The operations running today, for the home page (once per version of the pages)."""
    operations = cached("operations-running", lambda: list(Operation.objects.running_today()))
    return {"operations": operations}
