"""The visitor's address behind trusted proxies, as login throttling counts it."""

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from newsroom.proxies import client_ip


def request(forwarded=None, remote="10.0.0.5"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.9")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # A client that writes its own header cannot choose the address counted.
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, " 203.0.113.9 ,", "203.0.113.9"),
        # Fewer hops than trusted proxies: not through all of them, use the socket's address.
        (2, "203.0.113.9", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, None, "10.0.0.5"),
    ],
)
def test_behind_trusted_proxies_the_visitor_is_the_address_they_appended(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded)) == expected


@pytest.mark.django_db
def test_login_throttling_behind_a_proxy_locks_out_the_attacker_not_everyone(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    User.objects.create_user("editor", password="benar-sekali-123", is_staff=True)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "salah"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        )
    attacker = client.post(
        "/admin/login/",
        {"username": "editor", "password": "benar-sekali-123"},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
        **proxy,
    )
    assert attacker.status_code == 429
    editor = client.post(
        "/admin/login/",
        {"username": "editor", "password": "benar-sekali-123"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert editor.status_code == 302


@pytest.mark.django_db
def test_lockout_is_by_username_and_address_and_a_forged_header_does_not_escape_it(
    client, settings
):
    """Two clients behind one proxy: the attacker locks only its own (username, address)."""
    settings.TRUSTED_PROXY_COUNT = 1
    for name in ("editor", "editor2"):
        User.objects.create_user(name, password="benar-sekali-123", is_staff=True)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def login(username, password, forwarded):
        return client.post(
            "/admin/login/",
            {"username": username, "password": password},
            HTTP_X_FORWARDED_FOR=forwarded,
            **proxy,
        )

    # The attacker writes a new address of its own each time; the proxy appends the real one.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login("editor", "salah", f"192.0.2.{attempt}, 203.0.113.66")
    assert login("editor", "benar-sekali-123", "192.0.2.99, 203.0.113.66").status_code == 429
    # The same address may still sign in to another account: the lock is the pair.
    assert login("editor2", "benar-sekali-123", "203.0.113.66").status_code == 302
    client.logout()
    # The editor, from another client behind the same proxy, is not locked out.
    assert login("editor", "benar-sekali-123", "198.51.100.7").status_code == 302
