"""The answer to an error the site cannot recover from within the request.

A database that is down, restarting or refusing connections is not a bug in a page: every page
and the admin answer 503 with Retry-After, and a short page that needs nothing but the
template files (no request context, so no context processor runs a query, and the static
prefix instead of the static-files manifest). Django passes every uncaught exception here,
from a view, a template or a middleware, when DEBUG is off. The next request after the
database is back is served: CONN_HEALTH_CHECKS replaces a connection the restart broke.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """Answer 503 when the database failed (connection lost, refused, statement cancelled)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503_database.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)
