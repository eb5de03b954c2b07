"""gunicorn's access log with the visitor's address, not the proxy's.

Behind nginx or a load balancer every request comes from the proxy, so gunicorn's `%(h)s` logs
the same address for everyone. With TRUSTED_PROXY_COUNT set (the setting login throttling
uses, see newsroom/proxies.py), `%(h)s` is the address the outermost trusted proxy appended to
X-Forwarded-For; with 0 (the default) the header, which a client can write, is ignored.
Read from the environment: gunicorn's master process does not load Django's settings.
"""

import os

from gunicorn.glogging import Logger

from newsroom.proxies import client_address


class ClientAddressLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        count = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
        atoms["h"] = client_address(
            environ.get("REMOTE_ADDR", "-"), environ.get("HTTP_X_FORWARDED_FOR", ""), count
        )
        return atoms
