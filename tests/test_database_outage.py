"""A database that goes down or restarts: 503 with Retry-After, then served again at once.

The test starts its own PostgreSQL (initdb and pg_ctl, as user postgres, in a temporary folder
on a free port) and a gunicorn serving the site from it, stops and starts that server, and asks
for pages in between. It never touches the machine's shared PostgreSQL.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command):
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)],
        check=True,
        capture_output=True,
        cwd="/",
    )


class Postgres:
    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.url = f"postgres://postgres@127.0.0.1:{port}/postgres"

    def start(self):
        as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.folder / "data",
            "-l",
            self.folder / "log",
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self):
        as_postgres(PG_BIN / "pg_ctl", "-D", self.folder / "data", "-m", "fast", "-w", "stop")


@pytest.fixture(scope="module")
def own_postgres():
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None or os.geteuid() != 0:
        pytest.skip("needs PostgreSQL's initdb and pg_ctl, run as root (they run as postgres)")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    shutil.chown(folder, "postgres")
    server = Postgres(folder, free_port())
    try:
        as_postgres(
            PG_BIN / "initdb", "-D", folder / "data", "-A", "trust", "-U", "postgres", "--no-sync"
        )
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def site(own_postgres, tmp_path_factory):
    """gunicorn (one worker, as `make serve` runs it) on the test's own PostgreSQL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.serve_settings",
        "SECRET_KEY": "test-outage-key",
        "DATABASE_URL": own_postgres.url,
        "DEBUG": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_initial_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
        )
    log = tmp_path_factory.mktemp("log") / "gunicorn.log"
    with open(log, "w") as output:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    pytest.fail("gunicorn did not start:\n" + log.read_text())
                time.sleep(0.1)
        yield base
    finally:
        gunicorn.terminate()
        gunicorn.wait(10)


def get(base, path, **headers):
    """Return (status, headers, text, seconds) of a GET."""
    request = urllib.request.Request(base + path, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, answer = response.status, response
            text = response.read().decode()
    except urllib.error.HTTPError as error:
        status, answer, text = error.code, error, error.read().decode()
    return status, answer.headers, text, time.monotonic() - started


RELEASE = "/berita/2024/08/30/polres-jember-lakukan-pengamanan-ketat-pelaksanaan-monitoring-verifikasi-di-kpu/"


def test_pages_answer_503_while_the_database_is_down_and_200_once_it_is_back(own_postgres, site):
    assert get(site, RELEASE)[0] == 200  # now in the page cache

    own_postgres.stop()
    try:
        # A page in the page cache is still served: answering it needs no database.
        assert get(site, RELEASE)[0] == 200
        for path, headers in [
            ("/unit/polres-jember/", {}),
            ("/tag/polres-jember/", {}),
            ("/feed/", {}),
            # A signed-in editor: the session is read from the database.
            ("/admin/", {"Cookie": "sessionid=" + "k" * 32}),
            ("/admin/articles/article/", {"Cookie": "sessionid=" + "k" * 32}),
        ]:
            status, answer, text, seconds = get(site, path, **headers)
            assert status == 503, (path, text[:300])
            assert answer["Retry-After"] == "30"
            assert "Sedang dalam pemeliharaan" in text and '<html lang="id">' in text
            assert "Traceback" not in text and "OperationalError" not in text
            assert seconds < 5
    finally:
        own_postgres.start()

    # The first request after the database is back is served.
    assert get(site, "/unit/polres-jember/")[0] == 200


def test_a_restart_between_two_requests_is_not_noticed(own_postgres, site):
    """The worker's kept connection died with the restart; the health check replaces it."""
    assert get(site, "/unit/polres-jember/?page=1")[0] == 200
    own_postgres.stop()
    own_postgres.start()
    assert get(site, "/feed/")[0] == 200  # not in the page cache yet


# In process: which errors make a 503, and that answering it runs no query


@pytest.fixture
def failing_site(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.urls_database_down"
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/tertolak/", "/tertutup/"])
def test_a_database_error_answers_503_without_a_query(
    failing_site, path, django_assert_num_queries, db
):
    failing_site.get("/robots.txt")  # the page cache's marker, made once
    with django_assert_num_queries(0):
        response = failing_site.get(path)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Sedang dalam pemeliharaan" in html and "Connection refused" not in html


def test_any_other_error_is_still_a_500(failing_site, db):
    response = failing_site.get("/rusak/")
    assert response.status_code == 500 and "Terjadi gangguan" in response.content.decode()
