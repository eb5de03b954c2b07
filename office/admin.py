from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles.admin import HttpsLinksMixin

from .forms import OfficeForm
from .models import Office


@admin.register(Office)
class OfficeAdmin(HttpsLinksMixin, VersionAdmin):
    form = OfficeForm
    fieldsets = (
        (None, {"fields": ("name", "description", "logo", "unit")}),
        (_("Kontak"), {"fields": ("address", "phone", "email", "whatsapp")}),
        (_("Akun media sosial"), {"fields": ("facebook", "instagram", "x", "youtube", "tiktok")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Office.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one office: the list opens its form (or the form to set it up)."""
        if Office.objects.exists():
            return HttpResponseRedirect(reverse("admin:office_office_change", args=[1]))
        return HttpResponseRedirect(reverse("admin:office_office_add"))
