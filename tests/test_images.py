import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import images
from articles.models import Photo
from tests import imagedata
from tests.factories import ArticleFactory


def upload(data, name="foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def reopen(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_no_metadata(data):
    image = reopen(data)
    assert not image.getexif(), "EXIF left in place"
    assert "exif" not in image.info
    assert "icc_profile" not in image.info
    assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
    assert "Comment" not in image.info
    assert b"rahasia" not in data and b"KameraRahasia" not in data


@pytest.mark.parametrize(
    "data, image_format",
    [
        (imagedata.jpeg_bytes(icc_profile=imagedata.srgb_icc()), "JPEG"),
        (imagedata.png_bytes(), "PNG"),
        (imagedata.webp_bytes(), "WEBP"),
    ],
    ids=["jpeg", "png", "webp"],
)
def test_accepted_formats_are_reencoded_without_any_metadata(data, image_format):
    assert b"KameraRahasia" in data  # the input really carries EXIF
    clean = images.clean_upload(upload(data))
    assert clean.format == image_format
    assert_no_metadata(images.encode(clean.image, clean.format))


def test_exif_orientation_is_applied_before_the_metadata_goes():
    # Orientation 6: the camera was turned; the stored image must be upright (taller than wide).
    clean = images.clean_upload(upload(imagedata.jpeg_bytes(size=(64, 32), orientation=6)))
    assert clean.image.size == (32, 64)
    # The dark half, on the left as shot, is at the top once turned upright.
    assert sum(clean.image.getpixel((16, 5))) < 100
    assert sum(clean.image.getpixel((16, 58))) > 150


@pytest.mark.parametrize(
    "data, code",
    [
        (imagedata.SVG, "unsupported"),
        (imagedata.HTML, "unsupported"),
        (imagedata.PDF, "unsupported"),
        (imagedata.GIF, "unsupported"),
        (b"", "unsupported"),
        (imagedata.jpeg_bytes(size=(300, 300))[:-400], "corrupt"),
        (imagedata.png_bytes(size=(300, 300))[:-60], "corrupt"),
        (imagedata.webp_bytes(size=(300, 300))[:-30], "corrupt"),
        (imagedata.jpeg_bytes() + b"PK\x03\x04zipped payload", "polyglot"),
        (imagedata.jpeg_bytes(comment=b"<script>alert(1)</script>"), "polyglot"),
        (imagedata.png_bytes() + b"<html><script>alert(1)</script>", "polyglot"),
        (imagedata.jpeg_bytes() + imagedata.PDF, "polyglot"),
    ],
    ids=[
        "svg",
        "html",
        "pdf",
        "gif",
        "empty",
        "truncated-jpeg",
        "truncated-png",
        "truncated-webp",
        "jpeg-with-zip",
        "jpeg-with-script-comment",
        "png-with-html",
        "jpeg-with-pdf",
    ],
)
def test_everything_else_is_refused_with_a_reason(data, code):
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(data))
    assert refused.value.code == code


def test_broken_pixel_data_is_refused_even_when_the_file_ends_like_an_image():
    noise = Image.frombytes("RGB", (200, 200), (bytes(range(256)) * 469)[:120000])
    out = io.BytesIO()
    noise.save(out, "PNG")
    data = out.getvalue()
    # Cut the compressed pixels in the middle but keep the closing IEND chunk.
    broken = data[: len(data) // 2] + images.PNG_END
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(broken, "rusak.png"))
    assert refused.value.code == "corrupt"


def test_files_over_ten_megabytes_are_refused_before_decoding():
    data = imagedata.jpeg_bytes() + b"\x00" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(data))
    assert refused.value.code == "too_large"
    assert "10 MB" in str(refused.value.messages[0])


def test_images_over_forty_megapixels_are_refused_from_their_header():
    out = io.BytesIO()
    Image.new("1", (8000, 5001)).save(out, "PNG")  # 40.008 megapixels, a tiny file
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(out.getvalue(), "bom.png"))
    assert refused.value.code == "too_many_pixels"
    assert "8000×5001" in refused.value.messages[0]


def detailed_photo_bytes(size):
    """A photo full of fine detail (a crowd, a night shot's noise): the hardest to compress."""
    image = Image.merge("RGB", [Image.effect_noise(size, 60) for _ in range(3)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(1200, 630), (1600, 900), (4000, 2100)])
def test_social_rendition_for_link_previews_stays_under_300_kb(size):
    photo = Photo(article=ArticleFactory())
    images.store(photo, images.clean_bytes(detailed_photo_bytes(size)))
    social = photo.renditions["social"]
    with default_storage.open(social["jpeg"]) as stored:
        data = stored.read()
    assert reopen(data).size == (1200, 630)
    assert len(data) <= images.SOCIAL_MAX_BYTES


def test_encode_within_keeps_the_best_quality_that_fits():
    image = Image.merge("RGB", [Image.effect_noise((600, 315), 60) for _ in range(3)])
    best = images.encode(image, "JPEG")
    assert images.encode_within(image, "JPEG", len(best)) == best
    smaller = images.encode_within(image, "JPEG", len(best) - 1)
    assert len(smaller) < len(best)


@pytest.mark.django_db
def test_store_writes_a_random_original_and_renditions_through_the_storage():
    photo = Photo(article=ArticleFactory())
    clean = images.clean_upload(
        upload(imagedata.jpeg_bytes(size=(2000, 1000)), "GPS lokasi rahasia.jpg")
    )
    images.store(photo, clean)
    photo.save()
    assert "rahasia" not in photo.image.name and "lokasi" not in photo.image.name
    assert photo.image.name.startswith("releases/") and photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height) == (2000, 1000)
    assert set(photo.renditions) == {"thumb", "article", "social"}
    sizes = {name: (r["width"], r["height"]) for name, r in photo.renditions.items()}
    assert sizes == {"thumb": (480, 270), "article": (1200, 600), "social": (1200, 630)}
    for rendition in photo.renditions.values():
        for key, image_format in (("jpeg", "JPEG"), ("webp", "WEBP")):
            with default_storage.open(rendition[key]) as stored:
                data = stored.read()
            assert reopen(data).format == image_format
            assert reopen(data).size == (rendition["width"], rendition["height"])
            assert_no_metadata(data)
    with default_storage.open(photo.image.name) as stored:
        assert_no_metadata(stored.read())
    assert images.rendition_url(photo, "thumb").endswith("-thumb.jpg")
    # The size of the stored file is kept with it: feeds read it from the database.
    assert photo.file_size == default_storage.size(photo.image.name)


@pytest.mark.django_db
def test_small_photos_are_not_upscaled_for_the_article_width():
    photo = Photo()
    images.store(photo, images.clean_upload(upload(imagedata.png_bytes(size=(300, 200)))))
    assert (photo.renditions["article"]["width"], photo.renditions["article"]["height"]) == (
        300,
        200,
    )
