"""Release photos: strict validation, metadata stripping, re-encoding and renditions.

An upload is accepted only if it is a JPEG, PNG or WebP that Pillow decodes completely, with
nothing hidden before or after the image data (polyglots) and within the size limits. What is
stored is never the uploaded file: it is the decoded pixels, turned upright by the EXIF
orientation, encoded again without any metadata (EXIF with GPS, XMP, ICC, comments), under a
random name. Renditions are made once, when the photo is uploaded, and their storage names are
kept in ``Photo.renditions``:

    {"thumb": {"width": 480, "height": 270, "jpeg": "releases/..-thumb.jpg",
               "webp": "releases/..-thumb.webp"}, "article": {...}, "social": {...}}

Files go through ``default_storage`` only, so media can move to S3-compatible storage.
"""

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Pillow format -> (extension, format to encode with). MPO is how Pillow opens many phone
# JPEGs (a JPEG with extra frames); only the first frame is kept.
FORMATS = {
    "JPEG": ("jpg", "JPEG"),
    "MPO": ("jpg", "JPEG"),
    "PNG": ("png", "PNG"),
    "WEBP": ("webp", "WEBP"),
}

# name -> (width, height, crop). Without crop, the image fits in the box without upscaling.
RENDITIONS = {
    "thumb": (480, 270, True),
    "article": (1200, 1200 * 4, False),
    "social": (1200, 630, True),
}

# Chat apps (WhatsApp first) drop the preview image of a link when og:image is larger than
# about 300 KB: the social rendition is encoded at a lower quality until it fits.
SOCIAL_MAX_BYTES = 300 * 1024
SOCIAL_QUALITIES = (85, 75, 65, 55, 45, 35)

# Markup or documents hidden inside an image make it a polyglot: refuse it.
HIDDEN_CONTENT = re.compile(
    rb"<script|<html|<body|<iframe|<!doctype|<\?php|<svg[\s>/]|%PDF-", re.IGNORECASE
)
MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


@dataclass
class CleanImage:
    """A decoded, upright image without metadata, ready to be stored."""

    image: Image.Image
    format: str  # the Pillow format it is encoded with: JPEG, PNG or WEBP

    @property
    def extension(self):
        return {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[self.format]


def refuse(message, code):
    raise ValidationError(message, code=code)


def clean_upload(upload):
    """Return a CleanImage from an uploaded file, or raise ValidationError saying why not."""
    if upload.size is not None and upload.size > MAX_BYTES:
        refuse(
            _("Berkas foto terlalu besar (%(size).1f MB); batasnya 10 MB.")
            % {"size": upload.size / 1024 / 1024},
            "too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        refuse(_("Berkas foto terlalu besar; batasnya 10 MB."), "too_large")
    return clean_bytes(data)


def clean_bytes(data):
    """Return a CleanImage from the bytes of an upload, or raise ValidationError."""
    unsupported = _("Foto harus berupa JPEG, PNG atau WebP.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
            probe_format, size = probe.format, probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(_("Ukuran foto terlalu besar; batasnya 40 megapiksel."), "too_many_pixels")
    except (OSError, ValueError, SyntaxError):
        if data.startswith(MAGIC):
            refuse(_("Berkas foto rusak atau tidak lengkap; unggah ulang."), "corrupt")
        refuse(unsupported, "unsupported")
    if probe_format not in FORMATS:
        refuse(unsupported, "unsupported")
    # Checked from the header, before any pixel is decoded (decompression bombs).
    if size[0] * size[1] > MAX_PIXELS:
        refuse(
            _("Foto %(w)d×%(h)d piksel terlalu besar; batasnya 40 megapiksel.")
            % {"w": size[0], "h": size[1]},
            "too_many_pixels",
        )
    corrupt = _("Berkas foto rusak atau tidak lengkap; unggah ulang.")
    ending = _ending(data, probe_format)
    if ending == "truncated":
        refuse(corrupt, "corrupt")
    if HIDDEN_CONTENT.search(data) or ending == "trailing":
        refuse(
            _("Berkas foto berisi data lain selain gambar; simpan ulang sebagai JPEG atau PNG."),
            "polyglot",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.open(io.BytesIO(data)).verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning):
        refuse(corrupt, "corrupt")
    return _upright_without_metadata(image, FORMATS[probe_format][1])


def _ending(data, image_format):
    """Return "clean", "truncated" (the image data stops early) or "trailing" (something follows
    the image: an appended archive or document)."""
    if image_format in ("JPEG", "MPO"):
        end = data.rfind(b"\xff\xd9")
        if end == -1:
            return "truncated"
        return "clean" if not data[end + 2 :].strip(b"\x00") else "trailing"
    if image_format == "PNG":
        end = data.rfind(PNG_END)
        if end == -1:
            return "truncated"
        return "clean" if end + len(PNG_END) == len(data) else "trailing"
    # WebP: a RIFF container whose declared size must cover exactly the whole file.
    declared = int.from_bytes(data[4:8], "little") + 8
    if declared > len(data):
        return "truncated"
    return "clean" if declared == len(data) else "trailing"


def _upright_without_metadata(image, encode_format):
    image = ImageOps.exif_transpose(image)
    if encode_format == "JPEG":
        image = image.convert("L" if image.mode in ("L", "1") else "RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = image.mode in ("P", "PA") and "transparency" in image.info
        image = image.convert("RGBA" if has_alpha or "A" in image.mode else "RGB")
    if encode_format == "WEBP" and image.mode in ("L", "LA"):
        image = image.convert("RGBA" if image.mode == "LA" else "RGB")
    # A fresh image carries no info dict at all: no EXIF, XMP, ICC profile or comments.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return CleanImage(clean, encode_format)


def encode(image, image_format, quality=None):
    """Return the bytes of the image encoded without any metadata."""
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = _flatten(image)
        image.save(out, "JPEG", quality=quality or 85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=quality or 80, method=4)
    return out.getvalue()


def encode_within(image, image_format, max_bytes):
    """Return the image encoded at the highest quality that fits in max_bytes (or the lowest)."""
    for quality in SOCIAL_QUALITIES:
        data = encode(image, image_format, quality)
        if len(data) <= max_bytes:
            break
    return data


def _flatten(image):
    """Return an RGB image with any transparency laid on white."""
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _resize(image, width, height, crop):
    if crop:
        return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
    resized = image.copy()
    resized.thumbnail((width, height), Image.Resampling.LANCZOS)
    return resized


def store(photo, clean):
    """Store the clean original and its renditions for a Photo, before it is saved.

    Sets ``photo.image`` (a random name from ``image_upload_to``), its dimensions, its file
    size and ``photo.renditions``. Earlier files are left in place: older revisions refer
    to them.
    """
    data = encode(clean.image, clean.format)
    photo.image.save(f"foto.{clean.extension}", ContentFile(data), save=False)
    photo.width, photo.height = clean.image.size
    photo.file_size = len(data)
    stem = str(PurePosixPath(photo.image.name).with_suffix(""))
    renditions = {}
    for name, (width, height, crop) in RENDITIONS.items():
        resized = _resize(clean.image, width, height, crop)
        renditions[name] = {"width": resized.width, "height": resized.height}
        for key, image_format, extension in (("jpeg", "JPEG", "jpg"), ("webp", "WEBP", "webp")):
            data = (
                encode_within(resized, image_format, SOCIAL_MAX_BYTES)
                if name == "social"
                else encode(resized, image_format)
            )
            stored = default_storage.save(f"{stem}-{name}.{extension}", ContentFile(data))
            renditions[name][key] = stored
    photo.renditions = renditions


def rendition_url(photo, name, key="jpeg"):
    """Return the URL of one rendition of a photo, or "" when there is none."""
    if photo is None:
        return ""
    stored = (photo.renditions or {}).get(name, {}).get(key)
    return default_storage.url(stored) if stored else ""
