from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Confirmation, Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "role", "active", "note"]
    list_editable = ["active"]
    list_filter = ["kind", "role", "active"]
    search_fields = ["value", "note"]
    fields = ["kind", "role", "value", "active", "note"]


@admin.register(Confirmation)
class ConfirmationAdmin(admin.ModelAdmin):
    """Who confirmed which finding, when: a record, never edited by hand."""

    list_display = ["confirmed_at", "article", "role", "name", "reason", "editor"]
    list_filter = ["role", "reason"]
    list_select_related = ["article", "confirmed_by"]
    search_fields = ["name", "sentence", "article__title"]
    date_hierarchy = "confirmed_at"

    @admin.display(description=_("editor"))
    def editor(self, confirmation):
        return confirmation.editor_name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
