import os
import subprocess
import sys
from pathlib import Path

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
