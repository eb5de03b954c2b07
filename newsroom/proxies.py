"""The visitor's address behind trusted proxies (settings: TRUSTED_PROXY_COUNT).

Each proxy in front of the app (nginx, a load balancer) appends the address it received the
request from to X-Forwarded-For. Anything further left was written by the client and can be
forged, so with N trusted proxies the visitor is the N-th address from the right, and with
none the header is ignored. (python-ipware counts proxies listed in the header, not the ones
appending to it, which does not fit nginx's $proxy_add_x_forwarded_for; hence this function.)
"""

from django.conf import settings


def client_ip(request) -> str | None:
    """Return the address login throttling and rate limits count the request against."""
    return client_address(
        request.META.get("REMOTE_ADDR"),
        request.headers.get("x-forwarded-for", ""),
        settings.TRUSTED_PROXY_COUNT,
    )


def client_address(remote: str | None, forwarded_for: str, count: int) -> str | None:
    """Return the visitor's address from the socket's and X-Forwarded-For, given N proxies.

    Shared with gunicorn's access log (newsroom/gunicorn_logging.py), which has no request.
    """
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    return forwarded[-count]
