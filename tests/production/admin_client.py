"""An editor in a running server's admin, over plain HTTP, as a browser would be.

Cookies are kept by hand: production marks them Secure, which urllib's cookie jar
rightly never sends over the plain HTTP of the loopback. Redirects are not followed,
so a test sees the 302 that says a form was accepted.
"""

import re
import secrets
import urllib.error
import urllib.request
from urllib.parse import urlencode

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class AdminClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(
        self, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                status, response_headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, text = error.code, error.headers, error.read()
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return status, text.decode(errors="replace")

    def csrf_token(self, path: str) -> str:
        status, page = self.request(path)
        assert status == 200, (path, status)
        return CSRF_FIELD.search(page).group(1)

    def sign_in(self, username: str, password: str) -> None:
        fields = {"username": username, "password": password}
        fields["csrfmiddlewaretoken"] = self.csrf_token("/admin/login/")
        status, _page = self.request(
            "/admin/login/", urlencode(fields).encode(), "application/x-www-form-urlencoded"
        )
        assert status == 302, "the sign-in was refused"

    def upload_image(self, title: str, alt_text: str, filename: str, jpeg: bytes) -> None:
        """The admin's "Add an image" form, sent as the browser sends it."""
        fields = {"title": title, "description": alt_text, "tags": "", "caption": "", "credit": ""}
        fields["csrfmiddlewaretoken"] = self.csrf_token("/admin/images/add/")
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n".encode()
            + jpeg
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, page = self.request(
            "/admin/images/add/", body, f"multipart/form-data; boundary={boundary}"
        )
        assert status == 302, f"the upload was refused ({status}): {page[:2000]}"
