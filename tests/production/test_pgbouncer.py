"""export_releases through a real pgbouncer in transaction mode, with DATABASE_PGBOUNCER=1.

Without the setting, concurrent exports fail there ("cursor ... does not exist"): a server-side
cursor lives in one server connection, and pgbouncer hands the next FETCH to another.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory
from tests.services import free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


@pytest.fixture
def pgbouncer():
    if connection.vendor != "postgresql":
        pytest.skip("pgbouncer is PostgreSQL's")
    if not Path(PGBOUNCER).exists():
        pytest.skip("pgbouncer is not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("pgbouncer refuses root, and runuser is missing")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-pgbouncer-"))
    folder.chmod(0o755)
    settings = connection.settings_dict
    port = free_port()
    (folder / "pgbouncer.ini").write_text(
        f"[databases]\n{settings['NAME']} = host={settings['HOST'] or '127.0.0.1'} "
        f"port={settings['PORT'] or 5432} dbname={settings['NAME']} user={settings['USER']}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\ndefault_pool_size = 4\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    command = [PGBOUNCER, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, what="pgbouncer")
        user = settings["USER"]
        yield f"postgres://{user}@127.0.0.1:{port}/{settings['NAME']}"
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def export(url, target, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(SECRET_KEY="k", DATABASE_URL=url, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "export_releases", "-o", str(target)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_exports_through_pgbouncer_in_transaction_mode(pgbouncer, tmp_path):
    # More releases than one chunk of export_releases (500), committed for other connections.
    article = ArticleFactory()
    Article.objects.bulk_create(
        [
            Article(
                **{
                    f.attname: getattr(article, f.attname)
                    for f in Article._meta.concrete_fields
                    if not f.primary_key
                }
                | {"slug": f"rilis-{i}", "import_key": f"uji-{i}", "preview_token": uuid.uuid4()}
            )
            for i in range(1100)
        ]
    )
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(
                lambda i: export(pgbouncer, tmp_path / f"{i}.jsonl", DATABASE_PGBOUNCER="1"),
                range(4),
            )
        )
    for i, result in enumerate(results):
        assert result.returncode == 0, result.stderr[-2000:]
        assert len((tmp_path / f"{i}.jsonl").read_text().splitlines()) == 1101
