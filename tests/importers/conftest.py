import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = DATA / "seeds"


@pytest.fixture
def units(db):
    """The unit tree of fixtures/units.json (Polda > Polres Jember > Polsek and units)."""
    call_command("loaddata", "units", verbosity=0)


class Run:
    """The outcome of one import_releases call: output, errors, and whether it failed."""

    def __init__(self, *args, **options):
        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        try:
            call_command(
                "import_releases",
                *map(str, args),
                stdout=self.stdout,
                stderr=self.stderr,
                **options,
            )
        except CommandError as error:
            self.error = str(error)
        else:
            self.error = None
        self.out = self.stdout.getvalue()
        self.err = self.stderr.getvalue()

    @property
    def failed(self):
        return self.error is not None


@pytest.fixture
def run_import():
    return Run


@pytest.fixture
def write(tmp_path):
    """Write a release file in tmp_path and return its path."""

    def write(name, content):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return path

    return write
