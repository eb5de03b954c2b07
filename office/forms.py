from django import forms
from django.core.files.base import ContentFile
from django.db import models

from articles import images

from .models import Office


def https_links(db_field, **kwargs):
    """A web address typed without a scheme is taken as https (Django 6's default)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        formfield_callback = https_links
        fields = [
            "name",
            "description",
            "logo",
            "unit",
            "address",
            "phone",
            "email",
            "whatsapp",
            "facebook",
            "instagram",
            "x",
            "youtube",
            "tiktok",
        ]

    def clean_logo(self):
        """Check a new logo as release photos are checked, and store it re-encoded."""
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.initial.get("logo"):
            return logo
        clean = images.clean_upload(logo)
        if min(clean.image.size) < 112:
            raise forms.ValidationError(
                "Logo terlalu kecil (%(w)d×%(h)d piksel); minimal 112×112.",
                params={"w": clean.image.width, "h": clean.image.height},
            )
        return ContentFile(images.encode(clean.image, clean.format), name=f"logo.{clean.extension}")
