"""gunicorn as `make serve` runs it: worker recycling, and the visitor's address in the log."""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def config(monkeypatch, **env):
    for name in ("GUNICORN_MAX_REQUESTS", "TRUSTED_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_workers_are_recycled_after_tens_of_thousands_of_requests_with_jitter(monkeypatch):
    default = config(monkeypatch)
    assert 10_000 <= default["max_requests"] < 100_000
    assert 0 < default["max_requests_jitter"] < default["max_requests"]


def test_recycling_is_set_by_gunicorn_max_requests(monkeypatch):
    assert config(monkeypatch, GUNICORN_MAX_REQUESTS="20000")["max_requests"] == 20000
    assert config(monkeypatch, GUNICORN_MAX_REQUESTS="20000")["max_requests_jitter"] == 2000
    off = config(monkeypatch, GUNICORN_MAX_REQUESTS="0")
    assert (off["max_requests"], off["max_requests_jitter"]) == (0, 0)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def access_log(tmp_path, trusted_proxies, forwarded_for):
    """Serve one request through gunicorn; return the access log's line for it."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.serve_settings",
        "SECRET_KEY": "test-gunicorn-key",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "SECURE_SSL_REDIRECT": "0",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "TRUSTED_PROXY_COUNT": str(trusted_proxies),
    }
    env.pop("REDIS_URL", None)
    log = tmp_path / f"gunicorn-{trusted_proxies}.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/tanda-di-log/", headers={"X-Forwarded-For": forwarded_for}
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(request, timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # answered: whatever the status, the request is in the log
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not answer:\n" + log.read_text())
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(10)
    lines = [line for line in log.read_text().splitlines() if '"GET /tanda-di-log/' in line]
    assert lines, log.read_text()
    return lines[0]


def test_the_access_log_records_the_visitor_behind_a_trusted_proxy(tmp_path):
    # The client wrote the first address itself; the proxy appended the second.
    line = access_log(tmp_path, 1, "198.51.100.1, 203.0.113.9")
    assert line.startswith("203.0.113.9 "), line


def test_without_trusted_proxies_the_access_log_ignores_the_header(tmp_path):
    line = access_log(tmp_path, 0, "203.0.113.9")
    assert line.startswith("127.0.0.1 "), line
