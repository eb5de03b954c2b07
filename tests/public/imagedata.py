"""A plain JPEG for tests, built with Pillow."""

import io

from PIL import Image


def jpeg_bytes(size=(1600, 900), color=(30, 90, 160)):
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.paste((240, 200, 40), (0, 0, size[0] // 3, size[1]))
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
