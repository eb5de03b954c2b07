import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_settings(*command, **env):
    """Run manage.py (by default the deploy check) in a fresh process with only these variables.

    pytest-django forces DEBUG off in this process, so settings are read in another one.
    """
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            *(command or ("check", "--deploy", "--fail-level", "WARNING")),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def setting(name, **env):
    """Return repr() of a setting as a process started with these variables reads it."""
    result = run_settings(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(repr(settings.{name}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_refuse_to_start_without_a_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_debug_off_and_a_real_key():
    result = run_settings(
        SECRET_KEY="k7#Lq9!vR2@xP5$wN8^mZ3&cT6*bY1(hJ4)fG0_sD-aE+uI=oK~",
        ALLOWED_HOSTS="humas.example.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_unless_set():
    assert setting("DEBUG", SECRET_KEY="k") == "False"
    assert setting("DEBUG", SECRET_KEY="k", DEBUG="") == "False"
    assert setting("DEBUG", SECRET_KEY="k", DEBUG="1") == "True"


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the statement timeout is PostgreSQL's")
    return url


SHOW_TIMEOUT = (
    "from django.db import connection; c = connection.cursor(); "
    "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
)


def python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    environment.update(SECRET_KEY="k", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_web_requests_have_a_statement_timeout_and_management_commands_none():
    url = postgres_url()
    web = python("import newsroom.wsgi; " + SHOW_TIMEOUT, DATABASE_URL=url)
    assert web.stdout.strip() == "5s", web.stderr
    custom = python(
        "import newsroom.wsgi; " + SHOW_TIMEOUT, DATABASE_URL=url, DATABASE_STATEMENT_TIMEOUT="750"
    )
    assert custom.stdout.strip() == "750ms", custom.stderr
    command = run_settings(
        "shell", "--no-imports", "-c", SHOW_TIMEOUT, DATABASE_URL=url, SECRET_KEY="k"
    )
    assert command.stdout.strip() == "0", command.stderr


def test_a_query_slower_than_the_timeout_is_cancelled_in_a_web_process():
    url = postgres_url()
    slow = python(
        "import newsroom.wsgi; from django.db import connection, OperationalError\n"
        "try:\n    connection.cursor().execute('SELECT pg_sleep(2)')\n"
        "except OperationalError as error:\n    print('cancelled:', type(error.__cause__).__name__)",
        DATABASE_URL=url,
        DATABASE_STATEMENT_TIMEOUT="200",
    )
    assert slow.stdout.strip() == "cancelled: QueryCanceled", slow.stderr
