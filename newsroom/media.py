"""Uploaded photos served by the app when the media storage is the file system.

`make serve` on one machine has no other server for /media/: with DEBUG off nothing served
it and every photo answered 404. This view serves what the default storage holds under
MEDIA_ROOT, and nothing else:

- names go through the storage's own path(), which refuses any that leaves MEDIA_ROOT
  (`..`, absolute paths); a symbolic link pointing outside is refused as well;
- only regular files: a folder is a 404, never a listing;
- a photo is sent with its image type and `X-Content-Type-Options: nosniff`; any other file
  (a type a browser could run, such as HTML or SVG) is sent as a download;
- names are random and a file is never rewritten under the same name (articles.images), so
  browsers and proxies may keep it a year without asking again (`immutable`).

A web server in front does this faster: see README.md, "Production: `make serve`" (nginx's
`location /media/`). With media on S3 (AWS_STORAGE_BUCKET_NAME) the view is not routed.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

CACHE_CONTROL = "public, max-age=31536000, immutable"
# Types sent to be shown; SVG is left out on purpose: it can carry scripts.
SHOWN_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}


def is_served() -> bool:
    """Return True when media live on this machine's file system, under a local MEDIA_URL."""
    return isinstance(default_storage, FileSystemStorage) and "://" not in settings.MEDIA_URL


@require_safe
def serve(request, path):
    try:
        full = Path(default_storage.path(path))
    except (SuspiciousFileOperation, ValueError):  # leaves MEDIA_ROOT
        raise Http404 from None
    root = Path(default_storage.location).resolve()
    try:
        resolved = full.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a loop of links, a NUL byte
        raise Http404 from None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        raise Http404
    modified = resolved.stat().st_mtime
    not_modified = get_conditional_response(request, last_modified=int(modified))
    if not_modified is not None:
        not_modified["Cache-Control"] = CACHE_CONTROL
        return not_modified
    content_type, _ = mimetypes.guess_type(resolved.name)
    shown = content_type in SHOWN_TYPES
    response = FileResponse(
        resolved.open("rb"),
        content_type=content_type if shown else "application/octet-stream",
        as_attachment=not shown,
    )
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
