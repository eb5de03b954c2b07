"""nginx in front of the bench's gunicorn, configured by deploy/nginx/newsroom.conf itself.

The search storm is measured through it, as production serves it: its search limits refuse a
storm before it reaches the workers that serve every other page.
"""

import contextlib
import os
import shutil
import string
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def available():
    return Path(NGINX).exists() and (DEPLOY / "newsroom.conf").exists()


@contextlib.contextmanager
def nginx_in_front(app_port, port, search_connections=2):
    """Serve http://127.0.0.1:port through nginx to the gunicorn on app_port; yield its URL."""
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-nginx-") as folder:
        conf = Path(folder)
        (conf / "cache").mkdir()
        (conf / "newsroom-micro-cache.conf").write_text(
            (DEPLOY / "newsroom-micro-cache.conf").read_text()
        )
        values = {
            "APP_SERVERS": f"server 127.0.0.1:{app_port};",
            "LISTEN": f"127.0.0.1:{port}",
            "SERVER_NAME": "127.0.0.1 localhost",
            "STATIC_ROOT": str(BASE_DIR / "staticfiles"),
            "MEDIA_ROOT": str(BASE_DIR / "media"),
            "CACHE_PATH": str(conf / "cache"),
            "CONF_DIR": str(conf),
            "SEARCH_CONNECTIONS": str(search_connections),
        }
        site = string.Template((DEPLOY / "newsroom.conf").read_text()).safe_substitute(
            {f"NEWSROOM_{name}": value for name, value in values.items()}
        )
        (conf / "newsroom.conf").write_text(site)
        # What a distribution's nginx.conf provides; the site itself is deploy/'s.
        (conf / "nginx.conf").write_text(
            "daemon off;\nworker_processes 1;\n"
            + ("user root root;\n" if os.geteuid() == 0 else "")
            + f"pid {conf}/nginx.pid;\nerror_log {conf}/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            f"  client_body_temp_path {conf}/body; proxy_temp_path {conf}/proxy;\n"
            f"  fastcgi_temp_path {conf}/fastcgi; uwsgi_temp_path {conf}/uwsgi;\n"
            f"  scgi_temp_path {conf}/scgi;\n  include {conf}/newsroom.conf;\n}}\n"
        )
        server = subprocess.Popen(
            [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url + "/healthz", server, conf)
            yield url
        finally:
            server.terminate()
            server.wait(10)


def wait_until_up(url, server, conf):
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit(f"nginx stopped: {(conf / 'error.log').read_text()}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except urllib.error.HTTPError:
            return  # nginx answers; the app's answer does not matter here
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nginx did not answer {url}")
