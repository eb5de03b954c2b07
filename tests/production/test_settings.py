"""Settings for more than one machine, as a process started with these variables reads them."""

import ast
import io
import os

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import ArticleFactory
from tests.test_settings import run_settings, setting

PG = "postgres://postgres@127.0.0.1:5432/newsroom"
S3 = {
    "SECRET_KEY": "k",
    "AWS_STORAGE_BUCKET_NAME": "humas-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.id",
    "AWS_S3_REGION_NAME": "ap-southeast-3",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret",
}


def value(name, **env):
    return ast.literal_eval(setting(name, **env))


def csp(**env):
    """Return the CSP directives, each source as text."""
    code = (
        "from django.conf import settings; d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print({k: [str(s) for s in v] for k, v in d.items()})"
    )
    result = run_settings("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_media_stay_on_the_file_system_without_a_bucket():
    assert value("STORAGES['default']", SECRET_KEY="k") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_bucket_puts_media_on_s3_with_plain_public_addresses():
    assert value("STORAGES['default']['BACKEND']", **S3) == "storages.backends.s3.S3Storage"
    assert value("AWS_QUERYSTRING_AUTH", **S3) is False
    assert value("AWS_S3_REGION_NAME", **S3) == "ap-southeast-3"
    # The storage django-storages builds from these settings.
    storage = (
        "from django.core.files.storage import default_storage as s; "
        "print(s.bucket_name, s.endpoint_url, s.access_key, s.querystring_auth)"
    )
    result = run_settings("shell", "--no-imports", "-c", storage, **S3)
    assert result.stdout.split() == [
        "humas-media",
        "https://s3.example.id",
        "AKIAEXAMPLE",
        "False",
    ]


def test_csp_allows_images_from_the_media_and_static_origins():
    directives = csp(**S3)
    assert "https://s3.example.id" in directives["img-src"]
    assert "https://s3.example.id" in directives["media-src"]
    cdn = {
        **S3,
        "AWS_S3_CUSTOM_DOMAIN": "media.example.id",
        "STATIC_URL": "https://cdn.example.id/static/",
    }
    directives = csp(**cdn)
    assert directives["img-src"][-2:] == ["https://media.example.id", "https://cdn.example.id"]
    assert "https://s3.example.id" not in directives["img-src"]
    assert "https://cdn.example.id" in directives["script-src"]
    assert "https://cdn.example.id" in directives["style-src"]
    file_system_cdn = {"SECRET_KEY": "k", "MEDIA_URL": "https://media.example.id/media/"}
    directives = csp(**file_system_cdn)
    assert directives["img-src"] == ["'self'", "data:", "https://media.example.id"]
    # On this site only: nothing added.
    directives = csp(SECRET_KEY="k")
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["script-src"][-1] != "https://cdn.example.id"


def test_deploy_check_stays_clean_with_everything_for_many_machines():
    result = run_settings(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k7#Lq9!vR2@xP5$wN8^mZ3&cT6*bY1(hJ4)fG0_sD-aE+uI=oK~",
        **{k: v for k, v in S3.items() if k != "SECRET_KEY"},
        ALLOWED_HOSTS="humas.example.id",
        DATABASE_URL=PG,
        DATABASE_REPLICA_URL=PG.replace("127.0.0.1", "127.0.0.2"),
        DATABASE_POOL="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_pool_uses_psycopgs_pool_without_persistent_connections():
    default = value("DATABASES['default']", SECRET_KEY="k", DATABASE_URL=PG, DATABASE_POOL="1")
    assert default["CONN_MAX_AGE"] == 0
    assert default["OPTIONS"]["pool"]["max_size"] >= default["OPTIONS"]["pool"]["min_size"]
    plain = value("DATABASES['default']", SECRET_KEY="k", DATABASE_URL=PG)
    assert "pool" not in plain.get("OPTIONS", {}) and plain["CONN_MAX_AGE"] > 0


def test_pgbouncer_turns_off_server_side_cursors_and_prepared_statements():
    default = value("DATABASES['default']", SECRET_KEY="k", DATABASE_URL=PG, DATABASE_PGBOUNCER="1")
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert default["OPTIONS"]["prepare_threshold"] is None
    plain = value("DATABASES['default']", SECRET_KEY="k", DATABASE_URL=PG)
    assert not plain.get("DISABLE_SERVER_SIDE_CURSORS")


def test_a_replica_url_adds_the_router_and_a_replica_that_tests_mirror():
    env = {"SECRET_KEY": "k", "DATABASE_URL": PG, "DATABASE_REPLICA_URL": PG + "_replica"}
    assert value("DATABASE_ROUTERS", **env) == ["newsroom.replica.ReplicaRouter"]
    replica = value("DATABASES['replica']", **env)
    assert replica["NAME"] == "newsroom_replica"
    assert replica["TEST"]["MIRROR"] == "default"
    assert replica["OPTIONS"]["connect_timeout"] == 1
    middleware = value("MIDDLEWARE", **env)
    assert middleware[0] == "newsroom.health.HealthCheckMiddleware"
    assert middleware.index("newsroom.replica.ReplicaReadsMiddleware") == (
        middleware.index("pagecache.middleware.PublicPageCacheMiddleware") + 1
    )
    assert value("DATABASE_ROUTERS", SECRET_KEY="k", DATABASE_URL=PG) == []


@pytest.mark.django_db
def test_export_releases_reads_without_server_side_cursors(monkeypatch, tmp_path):
    """pgbouncer in transaction mode: export_releases must not DECLARE a cursor."""
    if connection.vendor != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's")
    ArticleFactory.create_batch(3)
    names = []
    create_cursor = connection.create_cursor

    def spy(name=None):
        names.append(name)
        return create_cursor(name)

    monkeypatch.setattr(connection, "create_cursor", spy)
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    target = tmp_path / "rilis.jsonl"
    call_command("export_releases", "-o", str(target), stderr=io.StringIO())
    assert len(target.read_text().splitlines()) == 3
    assert names and not any(names)


def test_database_pool_serves_queries_from_a_psycopg_pool():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the pool is PostgreSQL's")
    url = url.rsplit("/", 1)[0] + "/postgres"  # a database that always exists; no table is read
    code = (
        "from django.db import connection; c = connection.cursor(); c.execute('SELECT 1'); "
        "print(type(connection.pool).__name__, c.fetchone()[0])"
    )
    result = run_settings(
        "shell", "--no-imports", "-c", code, SECRET_KEY="k", DATABASE_URL=url, DATABASE_POOL="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["ConnectionPool", "1"]
