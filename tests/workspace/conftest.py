from tests.admin.conftest import editor, editor2, other_reporter, reporter, unit  # noqa: F401
