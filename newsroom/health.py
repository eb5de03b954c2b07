"""Health checks for a load balancer: /healthz (the process answers) and /readyz (its services do).

They are answered by a middleware placed first, before anything reads the Host header, redirects
to HTTPS, consults the page cache or opens a session: a balancer probing a node by its own
address (http://10.0.0.5:8000/readyz) gets an answer without that address in ALLOWED_HOSTS, and
an answer never comes from a cache. Nothing in an answer depends on the Host header or names a
person: only which part failed.
"""

import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Checks run in threads so a service that accepts and never answers costs the probe at most
# HEALTH_CHECK_TIMEOUT, never a worker held until gunicorn's timeout.
_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


def check_database(alias="default"):
    """Run one trivial query on the database, in a connection of the checking thread."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # The thread is reused for later checks: never keep a connection that failed.
        connection.close()


def check_cache():
    """Write and read back one short-lived key in the shared cache."""
    cache.set("readyz", 1, timeout=5)
    if cache.get("readyz") != 1:
        raise RuntimeError("the cache did not return what was written")


def checks():
    """Return {name: function} of the services this node needs to serve pages."""
    found = {"database": check_database}
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        found["cache"] = check_cache
    if "replica" in settings.DATABASES:
        found["replica"] = functools.partial(check_database, "replica")
    return found


# Reported, but a node is ready without them: public reads fall back to the primary when the
# replica does not answer (newsroom/replica.py), so a replica outage must not take every node
# out of the balancer.
OPTIONAL = {"replica"}


def readiness():
    """Return (ready, {name: "ok" | "unavailable" | "timeout"}) for the services."""
    timeout = settings.HEALTH_CHECK_TIMEOUT
    futures = {name: _checks.submit(check) for name, check in checks().items()}
    results = {}
    for name, future in futures.items():
        try:
            future.result(timeout=timeout)
            results[name] = "ok"
        except FutureTimeout:
            results[name] = "timeout"
        except Exception as error:  # any failure of the service means "not ready"
            logger.warning("readyz: %s unavailable: %s", name, type(error).__name__)
            results[name] = "unavailable"
    ready = all(v == "ok" for name, v in results.items() if name not in OPTIONAL)
    return ready, results


class HealthCheckMiddleware:
    """Answer GET/HEAD /healthz and /readyz before every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info not in (
            "/healthz",
            "/readyz",
        ):
            return self.get_response(request)
        if request.path_info == "/healthz":
            response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
        else:
            ready, results = readiness()
            response = JsonResponse(
                {"status": "ok" if ready else "unavailable", "checks": results},
                status=200 if ready else 503,
            )
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        return response
