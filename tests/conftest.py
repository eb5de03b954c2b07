import functools

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

# The same examples on every run, so CI's verdict does not depend on a random draw; a search
# for new cases is `pytest --hypothesis-seed=random` (or a changed profile) away.
hypothesis_settings.register_profile("newsroom", derandomize=True)
hypothesis_settings.load_profile("newsroom")


@pytest.fixture
def seed_data(db):
    """The unit tree and the two seed releases, as `make run` loads them."""
    call_command("loaddata", "units", "releases", verbosity=0)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files land in a temporary folder, never in the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def plain_http(settings):
    """The test client speaks plain HTTP; production redirects it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests do not run collectstatic, so they use unhashed static file names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def private_cache(settings, tmp_path_factory):
    """Each test gets an empty cache of its own, in a folder as production processes share it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path_factory.mktemp("cache")),
        }
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run, at the end of the block, what a commit runs (the page cache renews its marker).

    Tests run inside a transaction that is never committed; writes made within this block act
    as a committed transaction's would.
    """
    return functools.partial(django_capture_on_commit_callbacks, execute=True)
