"""Bounded HTTP reads for editing time: a timeout on every read, a cap on every body.

Only the embed services call these, while an editor saves; nothing here runs while a
reader's page is rendered.
"""

import http.client
import json
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


def fetch(url: str, *, max_bytes: int) -> tuple[str, bytes]:
    """The content type and body at an http(s) URL, or FetchFailed."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FetchFailed("not an http(s) address")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    timeout = settings.MASTHEAD_EMBED_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
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
