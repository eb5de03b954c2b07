"""Image files for tests, built with Pillow: plain ones, and ones with GPS EXIF, XMP, ICC,
rotation, and bad ones."""

import io

from PIL import Image

GPS_LATITUDE = 0x0002
XMP = b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">rahasia-lokasi</x:xmpmeta><?xpacket end="w"?>'


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "KameraRahasia"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[GPS_LATITUDE] = (8.0, 10.0, 12.0)
    gps[3] = "E"
    gps[4] = (113.0, 42.0, 0.0)
    return exif


def jpeg_bytes(size=(64, 32), orientation=1, color=(200, 30, 30), **extra):
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    # Left half dark so orientation can be checked on the pixels.
    image.paste((0, 0, 0), (0, 0, size[0] // 2, size[1]))
    image.save(out, "JPEG", exif=exif_with_gps(orientation).tobytes(), quality=95, **extra)
    return out.getvalue()


def png_bytes(size=(40, 30), mode="RGBA", **extra):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "lokasi operasi: -8.17, 113.70")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else 90).save(
        out, "PNG", pnginfo=info, exif=exif_with_gps().tobytes(), **extra
    )
    return out.getvalue()


def webp_bytes(size=(50, 40)):
    out = io.BytesIO()
    Image.new("RGB", size, (20, 160, 40)).save(
        out, "WEBP", exif=exif_with_gps().tobytes(), xmp=XMP, quality=90
    )
    return out.getvalue()


def srgb_icc():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


def plain_jpeg_bytes(size=(1600, 900), color=(30, 90, 160)):
    """A photo as a camera phone sends it, without metadata: what public pages show."""
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.paste((240, 200, 40), (0, 0, size[0] // 3, size[1]))
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
