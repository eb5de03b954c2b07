import datetime

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .models import Operation

# The query parameter that limits the release form's autocomplete to one day's operations.
DAY_PARAMETER = "berjalan_pada"


@admin.register(Operation)
class OperationAdmin(VersionAdmin):
    list_display = ["title", "kind", "start_date", "end_date"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "code_name", "year"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name", "code_name", "year"]}
    autocomplete_fields = ["units"]
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["name", "code_name", "year", "slug", "kind"]}),
        (_("Masa operasi"), {"fields": ["start_date", "end_date"]}),
        (None, {"fields": ["units", "description"]}),
    ]

    @admin.display(description=_("operasi"), ordering="name")
    def title(self, operation):
        return operation.title

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The release form asks only for the operations running on the release's date.
        day = request.GET.get(DAY_PARAMETER, "")
        if day:
            try:
                queryset = queryset.running_on(datetime.date.fromisoformat(day))
            except ValueError:
                queryset = queryset.none()
        return queryset, may_have_duplicates


class OperationAutocompleteSelect(AutocompleteSelect):
    """The release form's operation field: only operations running on ``day`` are offered."""

    day = None

    def get_url(self):
        url = super().get_url()
        return f"{url}?{DAY_PARAMETER}={self.day.isoformat()}" if self.day else url


def prepare_operation_field(field, article):
    """Limit the release form's operation choices to its date; suggest the one its text names."""
    from django.utils import timezone

    from .models import operation_for_text

    widget = getattr(field.widget, "widget", field.widget)
    published_at = article.published_at if article is not None else None
    if isinstance(widget, OperationAutocompleteSelect):
        widget.day = timezone.localdate(published_at) if published_at else timezone.localdate()
    if article is None or article.operation_id:
        return
    named = operation_for_text(article.title, article.lead, article.body, published_at)
    if named is not None:
        field.help_text = _("Saran: teks rilis ini menyebut %(operation)s.") % {
            "operation": named.title
        }
