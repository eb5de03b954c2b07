"""Two gunicorn nodes behind nginx, a PostgreSQL primary and streaming replica, Redis and S3.

Everything runs on loopback, started here and stopped at the end of the module:

    client ── nginx (deploy/nginx/newsroom.conf, micro-cache, search limits)
                 ├── node A: gunicorn, its own MEDIA_ROOT and CACHE_DIR
                 └── node B: gunicorn, its own MEDIA_ROOT and CACHE_DIR
    both nodes ── PostgreSQL primary (initdb in a temp dir) ── streaming replica (pg_basebackup)
               ── Redis (the shared cache and page-cache marker)
               ── moto's S3 server (the photos)

The machine's own PostgreSQL is not used as the primary: its pg_hba.conf has no replication
entry, and it must never be reconfigured. Skipped, saying what is missing, without nginx, the
PostgreSQL 15 binaries, redis-server or moto.
"""

import contextlib
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.services import S3Server, free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path(os.environ.get("NEWSROOM_PG_BIN", "/usr/lib/postgresql/15/bin"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
BUCKET = "humas-media"
PASSWORD = secrets.token_urlsafe(16)
# Settings every process of the cluster shares; the nodes add their own.
BASE_ENV_DROP = {
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "MEDIA_ROOT",
    "CACHE_DIR",
    "PAGE_CACHE",
}

TIMINGS: dict[str, float] = {}


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.section("multi-node timings (seconds)")
        for name, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{name:<40} {seconds:6.2f}")


@contextlib.contextmanager
def timed(name):
    started = time.monotonic()
    yield
    TIMINGS[name] = time.monotonic() - started


def missing_requirements():
    missing = []
    if not Path(NGINX).exists():
        missing.append("nginx")
    for tool in ("initdb", "pg_ctl", "pg_basebackup", "postgres"):
        if not (PG_BIN / tool).exists():
            missing.append(f"{PG_BIN / tool} (set NEWSROOM_PG_BIN)")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        missing.append("root or the postgres user (initdb refuses to run as root alone)")
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError:
        missing.append("moto[server] and boto3 (pip install '.[dev]')")
    return missing


def as_postgres(command):
    """Run a PostgreSQL tool as the postgres user (initdb and postgres refuse root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True)


class Postgres:
    """One PostgreSQL server in a folder of the temp dir, owned by the postgres user."""

    def __init__(self, folder, port):
        self.folder, self.port = Path(folder), port
        self.data = self.folder / "data"

    def start(self):
        as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "log"),
                "-o",
                f"-p {self.port} -k {self.folder}",
                "-w",
                "-t",
                "20",
                "start",
            ]
        )

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"])

    def url(self, database="newsroom"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, query, database="newsroom"):
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=2) as conn:
            cursor = conn.execute(query)
            return cursor.fetchall() if cursor.description else []


def start_primary(folder):
    primary = Postgres(folder / "primary", free_port())
    primary.folder.mkdir()
    shutil.chown(primary.folder, "postgres") if os.geteuid() == 0 else None
    as_postgres(
        [
            str(PG_BIN / "initdb"),
            "-D",
            str(primary.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
        ]
    )
    with open(primary.data / "postgresql.conf", "a") as conf:
        conf.write(
            "listen_addresses = '127.0.0.1'\n"
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
            # A test cluster: durability traded for speed.
            "fsync = off\nsynchronous_commit = off\nshared_buffers = 32MB\n"
        )
    primary.start()
    return primary


def start_replica(folder, primary):
    replica = Postgres(folder / "replica", free_port())
    replica.folder.mkdir()
    shutil.chown(replica.folder, "postgres") if os.geteuid() == 0 else None
    as_postgres(
        [
            str(PG_BIN / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data),
            "-R",  # standby.signal and primary_conninfo: a streaming replica
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        ]
    )
    replica.start()
    return replica


def render(template, **values):
    """Fill the ${NEWSROOM_...} placeholders of a deploy/ file; nginx's own $variables stay."""
    return string.Template(template).safe_substitute(
        {f"NEWSROOM_{k.upper()}": v for k, v in values.items()}
    )


class Cluster:
    def __init__(self, folder):
        self.folder = folder
        self.processes = []
        self.postgres = []
        self.env = {k: v for k, v in os.environ.items() if k not in BASE_ENV_DROP}

    def manage(self, *args, **env):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}"
        return result

    def spawn(self, name, command, port=None, how=signal.SIGTERM, **env):
        """Start a process, stopped at the end with the signal `how`; wait for its port."""
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append((name, process, log, how))
        if port:
            wait_for_port(port, process, what=name)
        return process

    def log(self, name):
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def close(self):
        for name, process, log, how in reversed(self.processes):
            with timed(f"stop {name}"):
                stop(process, how=how)
            log.close()
        for server in reversed(self.postgres):
            with timed(f"stop {server.folder.name}"):
                server.stop()


@pytest.fixture(scope="package")
def cluster():
    missing = missing_requirements()
    if missing:
        pytest.skip("multi-node test needs: " + ", ".join(missing))
    started = time.monotonic()
    # In memory where the machine has it: two database clusters and the static files are
    # written and removed in a fraction of the time a busy disk takes.
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="newsroom-multinode-", dir=base))
    folder.chmod(0o755)  # the postgres user and nginx's workers read below it
    cluster = Cluster(folder)
    stack = contextlib.ExitStack()
    try:
        with timed("PostgreSQL primary and replica, Redis, S3"):
            # Redis and the S3 server start while initdb works.
            redis_port = free_port()
            cluster.redis = cluster.spawn(
                "redis",
                ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no"],
            )
            s3 = S3Server(BUCKET)
            s3.start()
            stack.callback(s3.stop)
            cluster.primary = start_primary(folder)
            cluster.postgres.append(cluster.primary)
            cluster.primary.sql("CREATE DATABASE newsroom", database="postgres")
            cluster.replica = start_replica(folder, cluster.primary)
            cluster.postgres.append(cluster.replica)
            wait_for_port(redis_port, cluster.redis, what="redis")
            cluster.s3_endpoint, cluster.s3 = s3.ready()
        s3_host = cluster.s3_endpoint.removeprefix("http://")
        cluster.media_base = f"http://{s3_host}/{BUCKET}/"
        cluster.env.update(
            SECRET_KEY=secrets.token_urlsafe(50),  # the one key every node shares
            DATABASE_URL=cluster.primary.url(),
            DATABASE_REPLICA_URL=cluster.replica.url(),
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=cluster.s3_endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_CUSTOM_DOMAIN=f"{s3_host}/{BUCKET}",
            AWS_S3_URL_PROTOCOL="http:",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            TRUSTED_PROXY_COUNT="1",
            # Plain HTTP on loopback; TLS is the operator's (deploy/nginx/newsroom.conf).
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            STATIC_ROOT=str(folder / "static"),
            WEB_CONCURRENCY="2",
            LOG_LEVEL="WARNING",
        )
        with timed("migrate, users, collectstatic"):
            collect = cluster.spawn(
                "collectstatic", [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
            )
            # One process for the schema, the units and two editors: each start costs seconds.
            users = (
                "from django.contrib.auth.models import Group, User; "
                "from django.core.management import call_command; "
                "call_command('migrate', interactive=False, verbosity=0); "
                "call_command('loaddata', 'units', verbosity=0); "
                "editors = Group.objects.get(name='Editor'); "
                "[User.objects.create_user(n, password=p, is_staff=True).groups.add(editors) "
                f"for n, p in (('redaktur', '{PASSWORD}'), ('redaktur2', '{PASSWORD}'))]"
            )
            cluster.manage("shell", "--no-imports", "-c", users)
            assert collect.wait(60) == 0, cluster.log("collectstatic")
        with timed("two gunicorn nodes"):
            cluster.nodes = {}
            for name in ("a", "b"):
                port = free_port()
                (folder / name / "media").mkdir(parents=True)
                cluster.spawn(
                    f"node-{name}",
                    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
                    port,
                    how=signal.SIGINT,  # gunicorn's quick shutdown
                    HOST="127.0.0.1",
                    PORT=str(port),
                    MEDIA_ROOT=str(folder / name / "media"),
                    CACHE_DIR=str(folder / name / "cache"),
                )
                cluster.nodes[name] = port
        with timed("nginx"):
            cluster.nginx = free_port()
            conf = folder / "nginx"
            (conf / "cache").mkdir(parents=True)
            (conf / "newsroom-micro-cache.conf").write_text(
                (ROOT / "deploy/nginx/newsroom-micro-cache.conf").read_text()
            )
            site = render(
                (ROOT / "deploy/nginx/newsroom.conf").read_text(),
                app_servers=" ".join(f"server 127.0.0.1:{p};" for p in cluster.nodes.values()),
                listen=f"127.0.0.1:{cluster.nginx}",
                server_name="127.0.0.1 localhost",
                static_root=str(folder / "static"),
                media_root=str(folder / "a" / "media"),
                cache_path=str(conf / "cache"),
                conf_dir=str(conf),
                search_connections="2",
            )
            (conf / "newsroom.conf").write_text(site)
            # The main file a distribution's nginx.conf provides; only the site is ours.
            (conf / "nginx.conf").write_text(
                "daemon off;\nworker_processes 1;\n"
                + ("user root root;\n" if os.geteuid() == 0 else "")
                + f"pid {conf}/nginx.pid;\nerror_log {conf}/error.log warn;\n"
                "events { worker_connections 256; }\n"
                "http {\n"
                + (
                    f"  include {MIME_TYPES};\n"
                    if Path(MIME_TYPES).exists()
                    else "  types { text/css css; text/javascript js; image/svg+xml svg; }\n"
                )
                + f"  access_log {conf}/access.log;\n"
                f"  client_body_temp_path {conf}/body; proxy_temp_path {conf}/proxy;\n"
                f"  fastcgi_temp_path {conf}/fastcgi; uwsgi_temp_path {conf}/uwsgi;\n"
                f"  scgi_temp_path {conf}/scgi;\n"
                f"  include {conf}/newsroom.conf;\n}}\n"
            )
            cluster.spawn(
                "nginx", [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf")], cluster.nginx
            )
        TIMINGS["cluster up"] = time.monotonic() - started
        yield cluster
    finally:
        with timed("cluster down"):
            cluster.close()
            with timed("stop S3"):
                stack.close()
            with timed("remove the temp dir"):
                shutil.rmtree(folder, ignore_errors=True)
