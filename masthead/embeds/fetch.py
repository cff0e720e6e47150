"""Bounded HTTP reads for editing time: a timeout on every read, a cap on every body.

Only the embed services call these, while an editor saves; nothing here runs while a
reader's page is rendered.
"""

import http.client
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.conf import settings

USER_AGENT = "Masthead (oEmbed preview at editing time)"


class FetchFailed(Exception):
    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class PublicAddressesOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another public http(s) address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_address(url: str) -> None:
    """Refuse what is not http(s), and, unless MASTHEAD_EMBED_ALLOW_PRIVATE_ADDRESSES, any
    host that resolves to a loopback, private or link-local address: a provider's answer
    names the thumbnail's address, and must not make the server read its own network."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchFailed("not an http(s) address")
    if settings.MASTHEAD_EMBED_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (OSError, UnicodeError) as error:
        raise FetchFailed("no such host") from error
    if any(not ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses):
        raise FetchFailed("not a public address")


def fetch(url: str, *, max_bytes: int) -> tuple[str, bytes]:
    """The content type and body at a public http(s) URL, or FetchFailed."""
    check_address(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    opener = urllib.request.build_opener(PublicAddressesOnly)
    timeout = settings.MASTHEAD_EMBED_TIMEOUT_SECONDS
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise FetchFailed(f"HTTP {error.code}", status=error.code) from error
    except (OSError, http.client.HTTPException, ValueError) as error:  # timeouts, resets, bad hosts
        raise FetchFailed("no answer") from error
    if len(body) > max_bytes:
        raise FetchFailed(f"larger than {max_bytes} bytes")
    return content_type, body


def fetch_json(endpoint: str, params: dict[str, str], *, max_bytes: int) -> dict:
    separator = "&" if "?" in endpoint else "?"
    _content_type, body = fetch(f"{endpoint}{separator}{urlencode(params)}", max_bytes=max_bytes)
    try:
        data = json.loads(body)
    except ValueError as error:
        raise FetchFailed("not JSON") from error
    if not isinstance(data, dict):
        raise FetchFailed("not a JSON object")
    return data
