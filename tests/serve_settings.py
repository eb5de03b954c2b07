"""The production settings for tests that start gunicorn: static files without a manifest.

`make serve` runs collectstatic first, which takes seconds; these tests serve pages, not
static files, so they keep the production settings but plain static file names.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
