from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import ListView

from articles.views import PublicArticleMixin

from .models import Operation


class OperationArticleListView(PublicArticleMixin, ListView):
    """An operation's period and units, and its public releases, newest first."""

    template_name = "operations/operation_detail.html"

    @cached_property
    def operation(self):
        return get_object_or_404(Operation, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(operation=self.operation)

    def get_context_data(self, **kwargs):
        units = self.operation.units.order_by("name")
        return super().get_context_data(operation=self.operation, units=units, **kwargs)
