"""Staff accounts in the admin: one form to add a member of the office, a short form to change one."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .forms import StaffCreationForm, send_password_link

admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    add_form = StaffCreationForm
    add_form_template = "admin/change_form.html"
    add_fieldsets = (
        (None, {"fields": ("name", "username", "email", "role", "unit", "author")}),
        (_("Kata sandi"), {"fields": ("password_mode", "password1", "password2")}),
    )
    fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email", "password")}),
        (_("Peran"), {"fields": ("is_active", "groups")}),
        (
            _("Lanjutan (administrator)"),
            {
                "classes": ("collapse",),
                "fields": (
                    "is_staff",
                    "is_superuser",
                    "user_permissions",
                    "last_login",
                    "date_joined",
                ),
            },
        ),
    )
    list_display = ("username", "first_name", "email", "role", "is_active")
    list_filter = ("groups", "is_active", "is_superuser")

    @admin.display(description=_("peran"))
    def role(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "-"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        form.save()

    def response_add(self, request, obj, post_url_continue=None):
        if isinstance(obj, User) and obj.email and not obj.has_usable_password():
            send_password_link(request, obj)
            self.message_user(
                request,
                _("Tautan untuk mengatur kata sandi dikirim ke %(email)s.") % {"email": obj.email},
                messages.SUCCESS,
            )
        return super().response_add(request, obj, post_url_continue)
