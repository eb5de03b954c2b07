"""Production settings for gunicorn (see `make serve`)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound, but rarely: a new
# worker starts with a cold process (imports, connections, local caches), and at 1,000 requests
# every worker was replaced every 20 s under load, a third of the cached throughput lost.
# The jitter (a tenth) keeps the workers from restarting all at once. 0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 50000)
max_requests_jitter = max_requests // 10
accesslog = "-"
# The visitor's address in the access log, from X-Forwarded-For behind TRUSTED_PROXY_COUNT
# proxies (newsroom/gunicorn_logging.py).
logger_class = "newsroom.gunicorn_logging.ClientAddressLogger"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
