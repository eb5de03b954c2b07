from tests.admin.conftest import editor, reporter, unit  # noqa: F401
from tests.importers.conftest import run_import, units, write  # noqa: F401
