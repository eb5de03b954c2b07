"""Release photos: uploaded on their own, then referred to by the release form.

A photo is uploaded as soon as it is chosen (``upload_photo``, called by
static/js/photo-upload.js with a progress bar) and stored at once as a Photo without a
release. The release form only names the stored photo by its id, so a form refused for a
missing title or a stale save still holds the photo. Uploads never attached are removed
by ``manage.py clean_photos`` (``remove_unattached``).
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import JsonResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import images
from .models import Photo

# Unattached uploads younger than this are kept: their form may still be open.
UNATTACHED_GRACE = datetime.timedelta(days=1)


def may_upload(user):
    """Return True if the user may upload photos: anyone who may write or edit releases."""
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


def store_photo(clean, *, uploaded_by=None, article=None, **texts):
    """Store a CleanImage as a new Photo with its renditions and return it."""
    photo = Photo(uploaded_by=uploaded_by, article=article, **texts)
    images.store(photo, clean)
    photo.save()
    return photo


@require_POST
def upload_photo(request):
    """Store one uploaded photo as an unattached Photo; answer its id and thumbnail as JSON.

    Staff only (the admin wraps this view: login and CSRF), and only for those who may
    write releases. A refused file gets the reason in Indonesian, with status 400.
    """
    if not may_upload(request.user):
        raise PermissionDenied
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"error": _("Tidak ada berkas foto yang dikirim.")}, status=400)
    try:
        clean = images.clean_upload(upload)
    except ValidationError as error:
        message = " ".join(error.messages)
        return JsonResponse({"error": f"{upload.name[:80]}: {message}"}, status=400)
    photo = store_photo(clean, uploaded_by=request.user)
    return JsonResponse(
        {
            "id": photo.pk,
            "thumb": photo.rendition_url("thumb"),
            "width": photo.width,
            "height": photo.height,
            "file_size": photo.file_size,
        },
        status=201,
    )


def add_photo(article, content, *, alt_text="", caption="", credit="", order=None):
    """Attach a photo to a saved release, from its bytes; return the Photo.

    The same checks as an upload (articles.images): raises ValidationError for a file that
    is not a clean JPEG, PNG or WebP within the limits. Without order, it goes last.
    Importers (WXR attachments) call this when they merge a release.
    """
    data = content if isinstance(content, bytes) else content.read()
    clean = images.clean_upload(ContentFile(data))
    if order is None:
        last = article.photos.aggregate(last=models.Max("order"))["last"]
        order = 0 if last is None else last + 1
    return store_photo(
        clean,
        article=article,
        alt_text=alt_text[:300],
        caption=caption[:500],
        credit=credit[:200],
        order=order,
    )


def remove_unattached(older_than=UNATTACHED_GRACE):
    """Delete the uploads never attached to a release, and their files; return how many.

    Only those older than older_than: a younger one may belong to a form still open.
    """
    count = 0
    for photo in Photo.objects.unattached(older_than).iterator():
        names = photo.stored_names()
        with transaction.atomic():
            # Locked and checked again: a form may attach it at this very moment.
            locked = Photo.objects.select_for_update().filter(pk=photo.pk, article__isnull=True)
            if not locked.delete()[0]:
                continue
        for name in names:
            default_storage.delete(name)
        count += 1
    return count


class PhotoRefWidget(forms.HiddenInput):
    """The stored photo a row refers to: its thumbnail, a progress bar and the hidden id.

    static/js/photo-upload.js fills a new row; a form sent back with errors shows the
    thumbnail of the photo it already refers to.
    """

    input_type = "hidden"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.photos = Photo.objects.none()

    @property
    def is_hidden(self):
        return False  # the row shows the thumbnail, with its label

    def render(self, name, value, attrs=None, renderer=None):
        photo = None
        if value not in (None, "") and str(value).isdigit():
            photo = self.photos.filter(pk=value).first()
        thumb = images.rendition_url(photo, "thumb")
        return format_html(
            '<div class="photo-ref" data-photo-ref>'
            '<img src="{}" alt="" width="160" height="90" class="photo-ref-thumb"{}>'
            '<progress class="photo-ref-progress" max="100" value="0" hidden></progress>'
            '<span class="photo-ref-status" role="status" aria-live="polite"></span>{}</div>',
            thumb,
            "" if thumb else mark_safe(" hidden"),
            super().render(name, value, attrs, renderer),
        )


class PhotoInlineForm(forms.ModelForm):
    """One photo of the release form: a stored photo (by id) with its texts and place."""

    upload = forms.ModelChoiceField(
        label=gettext_lazy("Foto"),
        queryset=Photo.objects.none(),
        required=False,
        widget=PhotoRefWidget,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Foto ini tidak ditemukan atau bukan unggahan Anda; unggah ulang."
            )
        },
    )
    editing_user = None  # set by PhotoInline.get_formset
    article = None

    class Meta:
        model = Photo
        fields = ["upload", "alt_text", "caption", "credit", "order"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "class": "photo-order"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        usable = (
            Photo.objects.usable_by(self.editing_user, self.article)
            if self.editing_user is not None
            else Photo.objects.none()
        )
        field = self.fields["upload"]
        field.queryset = usable
        field.widget.photos = usable
        self.fields["order"].required = False
        if self.instance.pk is None:
            # An empty new row stays unchanged, so it is skipped rather than refused.
            self.initial.pop("order", None)
            self.fields["order"].initial = None
        else:
            # A stored row keeps its own photo; only new rows name an upload.
            field.disabled = True
            field.initial = self.instance.pk

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            upload = cleaned_data.get("upload")
            if upload is None:
                if "upload" not in self.errors:
                    self.add_error("upload", _("Unggah fotonya dulu."))
                return cleaned_data
            # Adopt the stored upload: saving this row attaches it to the release.
            self.instance = upload
        if cleaned_data.get("order") is None:
            cleaned_data["order"] = self.instance.order or 0
        if not (cleaned_data.get("alt_text") or "").strip():
            self.add_error("alt_text", _("Tulis teks alternatif: apa yang terlihat di foto ini."))
        return cleaned_data


class PhotoInlineFormSet(forms.BaseInlineFormSet):
    def save(self, commit=True):
        saved = super().save(commit)
        if commit:
            # Orders as the editor sees them: 0, 1, 2... in the chosen order; the first is main.
            # Read again: the release's prefetched photos predate this save.
            photos = Photo.objects.filter(article=self.instance).order_by("order", "pk")
            for position, photo in enumerate(photos):
                if photo.order != position:
                    Photo.objects.filter(pk=photo.pk).update(order=position)
        return saved


def thumbnail_html(photo, width=96):
    """Return an <img> of a photo's thumbnail for the admin, or "—"."""
    url = images.rendition_url(photo, "thumb")
    if not url:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" class="release-thumb">',
        url,
        width,
        width * 9 // 16,
    )


def submitted_photos(data, article, user, prefix="photos"):
    """Return [(storage name, caption)] of the photos a bound release form names, in order.

    The release form is cleaned before its photo rows (the inline formset), so checks that
    read the photos being saved (screening) read the rows from the submitted data here:
    rows marked for removal are left out, a row's photo is one the user may refer to (as
    PhotoInlineForm allows), and the order is the one the save will give them. Returns
    None when the data has no photo rows (a form sent without its inline).
    """
    total = str(data.get(f"{prefix}-TOTAL_FORMS", ""))
    if not total.isdigit():
        return None
    usable = Photo.objects.usable_by(user, article) if user is not None else Photo.objects.none()
    wanted = []
    for index in range(min(int(total), 1000)):
        row = f"{prefix}-{index}-"
        if data.get(row + "DELETE"):
            continue
        ref = str(data.get(row + "id") or data.get(row + "upload") or "")
        if not ref.isdigit():
            continue
        order = str(data.get(row + "order", "")).strip()
        wanted.append((ref, int(order) if order.isdigit() else None, index, data, row))
    found = usable.in_bulk([int(ref) for ref, *_rest in wanted])
    rows = []
    for ref, order, index, data, row in wanted:
        photo = found.get(int(ref))
        if photo is None:
            continue
        caption = data.get(row + "caption", photo.caption)
        rows.append((order if order is not None else photo.order, index, photo.image.name, caption))
    return [(name, caption or "") for _order, _index, name, caption in sorted(rows)]
