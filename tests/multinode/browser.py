"""A small HTTP client for the multi-node test: cookies, CSRF, forms, and a source address.

A client may connect from another loopback address (127.0.0.2, 127.0.0.3, ...), so that nginx
sees two visitors, as a load balancer sees two people.
"""

import html
import http.client
import mimetypes
import re
import secrets
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        return self.headers.get(name)


@dataclass
class Browser:
    port: int
    source: str = "127.0.0.1"
    host: str | None = None
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, body=None, headers=None, port=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", port or self.port, timeout=30, source_address=(self.source, 0)
        )
        headers = dict(headers or {})
        if self.host:
            headers["Host"] = self.host
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_token(self, page):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, f"no CSRF token in the page ({page.status})"
        return html.unescape(found.group(1))

    def post(self, path, fields, files=None, referer=None, headers=None, **kwargs):
        """POST a form (multipart when files are given: {name: (filename, bytes)})."""
        if files:
            boundary = secrets.token_hex(16)
            parts = []
            for name, value in fields.items():
                for item in value if isinstance(value, list) else [value]:
                    parts.append(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                        f"{item}\r\n".encode()
                    )
            for name, (filename, data) in files.items():
                kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                    + data
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {**(headers or {}), "Content-Type": content_type}
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def log_in(self, username, password, **kwargs):
        page = self.get("/admin/login/", **kwargs)
        return self.post(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self.csrf_token(page),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
            **kwargs,
        )
