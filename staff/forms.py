"""One form for a new member of the office: account, role, unit and reporter name together."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Author, Unit
from articles.password_reset import link_lifetime

ROLES = [
    ("Reporter", _("Wartawan (menulis dan mengajukan rilis)")),
    ("Editor", _("Editor (meninjau dan menerbitkan)")),
]
LINK, PASSWORD = "link", "password"


class StaffCreationForm(forms.ModelForm):
    name = forms.CharField(
        label=_("Nama"),
        max_length=150,
        help_text=_("Nama yang tampil pada rilis, mis. Bripka Andi Pratama."),
    )
    role = forms.ChoiceField(label=_("Peran"), choices=ROLES, widget=forms.RadioSelect)
    unit = forms.ModelChoiceField(label=_("Satuan"), queryset=Unit.objects.all(), required=False)
    author = forms.ModelChoiceField(
        label=_("Nama penulis yang sudah ada"),
        queryset=Author.objects.filter(user=None),
        required=False,
        help_text=_(
            "Pilih bila namanya sudah ada pada rilis lama (mis. dari impor); kosongkan untuk membuat nama penulis baru."
        ),
    )
    password_mode = forms.ChoiceField(
        label=_("Kata sandi"),
        choices=[
            (LINK, _("Kirim tautan untuk mengatur kata sandi ke surelnya")),
            (PASSWORD, _("Tetapkan kata sandi pertama sekarang")),
        ],
        initial=LINK,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label=_("Kata sandi pertama"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "email"]

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("password_mode")
        if mode == LINK and not cleaned.get("email"):
            self.add_error("email", _("Surel diperlukan untuk mengirim tautan kata sandi."))
        if mode == PASSWORD:
            first, second = cleaned.get("password1"), cleaned.get("password2")
            if not first:
                self.add_error("password1", _("Isi kata sandi pertama, atau pilih kirim tautan."))
            elif first != second:
                self.add_error("password2", _("Kedua kata sandi tidak sama."))
            else:
                user = User(
                    username=cleaned.get("username", ""),
                    email=cleaned.get("email", ""),
                    first_name=cleaned.get("name", ""),
                )
                try:
                    password_validation.validate_password(first, user)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        if not commit:  # the admin's save_form(); save_model() saves it all at once
            return user
        user.first_name = self.cleaned_data["name"][:150]
        user.is_staff = True
        if self.cleaned_data["password_mode"] == PASSWORD:
            user.set_password(self.cleaned_data["password1"])
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=self.cleaned_data["role"]))
        author = self.cleaned_data.get("author")
        if author is None:
            author = Author(
                name=self.cleaned_data["name"], slug=free_author_slug(self.cleaned_data["name"])
            )
        author.user = user
        author.unit = self.cleaned_data.get("unit") or author.unit
        author.save()
        return user

    def save_m2m(self):
        """Groups and the reporter record are saved by save() itself."""


def free_author_slug(name):
    base = slugify(name)[:190] or "penulis"
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def send_password_link(request, user):
    """Mail the new member a link to set a first password (Django's reset link and views)."""
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        **link_lifetime(),
    }
    PasswordResetForm().send_mail(
        "staff/welcome_subject.txt",
        "staff/welcome_email.txt",
        context,
        None,
        user.email,
    )
