"""Images for imported articles, read from a local folder (WordPress's uploads, Ghost's
content/images, a saved page's files), never from the network unless asked.

Asked (--fetch-media), an image is fetched only from a public address: a source file
must not make the server read its own loopback, the private network or the cloud's
metadata service (169.254.169.254). The host is resolved and every address it resolves
to checked, and so is each redirect's. The check is made again by the connection itself,
on the very addresses it connects to: a name whose DNS answer changes between the first
check and the connection (DNS rebinding) still cannot reach a private address.
Proxies from the environment are not used: a proxy would resolve the name itself.
"""

import hashlib
import http.client
import ipaddress
import socket
import urllib.request
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.images import ImageFile, get_image_dimensions

from PIL import Image

from masthead.images.forms import decodes
from masthead.images.metadata import keep_exif, original_without_gps
from masthead.images.models import NewsImage

from .errors import UnsafeInput

MARKERS = ("/wp-content/uploads/", "/content/images/")
FETCH_LIMIT = 20 * 1024**2


@dataclass
class MediaSource:
    folder: Path | None = None
    fetch: bool = False
    found: dict[str, NewsImage] = field(default_factory=dict)
    # Why an image was not fetched, by its address, for the item's report.
    refused: dict[str, str] = field(default_factory=dict)


class RefusedAddress(UnsafeInput):
    """An image address that resolves to a private, loopback or link-local address."""


def public_addresses(host: str, port: int, place: str) -> list[tuple]:
    """getaddrinfo's answers for the host; RefusedAddress if any of them is not public."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError) as error:
        raise RefusedAddress(f"cannot resolve {host!r} ({error})", place=place) from None
    for answer in answers:
        ip = ipaddress.ip_address(answer[4][0].split("%")[0])
        if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:127.0.0.1 is the loopback too
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise RefusedAddress(
                f"refused to fetch from {host} ({ip}): not a public address", place=place
            )
    return answers


def public_address_check(url: str) -> None:
    """Raise RefusedAddress unless every address the URL's host resolves to is public."""
    parts = urlparse(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise RefusedAddress(f"not a usable address ({error})", place=url) from None
    public_addresses(parts.hostname or "", port, place=url)


def connect_public(address: tuple[str, int], timeout=None, source_address=None) -> socket.socket:
    """socket.create_connection, to checked addresses only: the answer it connects to is
    the answer it checked."""
    host, port = address
    error: OSError = OSError(f"no address for {host!r}")
    for family, kind, protocol, _, socket_address in public_addresses(host, port, place=host):
        connection = socket.socket(family, kind, protocol)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                connection.settimeout(timeout)
            connection.connect(socket_address)
            return connection
        except OSError as failure:
            connection.close()
            error = failure
    raise error


class PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_public


class PublicHTTPSConnection(http.client.HTTPSConnection):
    """TLS is still checked against the host's name (server_hostname), not the address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_public


class PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(PublicHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(PublicHTTPSConnection, req, context=self._context)


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to another public address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        public_address_check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), PublicHTTPHandler, PublicHTTPSHandler, CheckedRedirects
)


def relative_candidates(src: str) -> list[PurePosixPath]:
    """Where a URL's file may sit in the media folder, most specific first."""
    path = unquote(urlparse(src).path)
    candidates = [path[path.index(marker) + len(marker) :] for marker in MARKERS if marker in path]
    candidates += [path.lstrip("/"), PurePosixPath(path).name]
    return [PurePosixPath(candidate) for candidate in candidates if candidate]


def local_file(src: str, folder: Path) -> Path | None:
    root = folder.resolve()
    for relative in relative_candidates(src):
        if ".." in relative.parts:
            continue
        for base in (root, root / "wp-content" / "uploads", root / "content" / "images"):
            candidate = (base / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
    return None


def fetched(src: str) -> bytes | None:
    """The image's bytes from a public http(s) address; RefusedAddress for any other."""
    if not src.startswith(("http://", "https://")):
        return None
    public_address_check(src)
    with OPENER.open(src, timeout=20) as response:
        data = response.read(FETCH_LIMIT + 1)
    return data if len(data) <= FETCH_LIMIT else None


def fetched_or_refused(src: str, media: "MediaSource") -> bytes | None:
    try:
        return fetched(src)
    except RefusedAddress as error:
        media.refused[src] = error.message
    except OSError as error:  # unreachable, timed out, an HTTP error
        media.refused[src] = f"could not fetch it ({error})"
    return None


def image_for(
    src: str, *, alt: str, media: MediaSource, caption: str = "", credit: str = ""
) -> NewsImage | None:
    """The image a source names, stored once (by content) however often it is named."""
    if not src:
        return None
    if src in media.found:
        return media.found[src]
    path = local_file(src, media.folder) if media.folder else None
    data = path.read_bytes() if path else (fetched_or_refused(src, media) if media.fetch else None)
    if data is None:
        return None
    refusal = unusable(data)
    if refusal:
        media.refused[src] = refusal
        return None
    image = stored_image(
        data, PurePosixPath(urlparse(src).path).name or "image", alt, caption, credit
    )
    media.found[src] = image
    return image


def unusable(data: bytes) -> str | None:
    """Why a file cannot become an image, by the same rules as an editor's upload."""
    too_large = "more pixels than MASTHEAD_IMAGES_MAX_PIXELS allows"
    try:
        width, height = get_image_dimensions(BytesIO(data))
    except Image.DecompressionBombError:  # past Pillow's own limit, twice ours by default
        return too_large
    if width is None or height is None:
        return "not an image Masthead can read"
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        return f"{width}×{height}: {too_large}"
    if not decodes(data):
        return "damaged or incomplete: its pixels cannot be read"
    return None


def stored_image(data: bytes, name: str, alt: str, caption: str, credit: str) -> NewsImage:
    """A new image from the bytes, or the one already stored with the same content.

    An original loses its GPS position as an editor's upload does (unless
    MASTHEAD_IMAGES_KEEP_EXIF), before its hash is taken: a second import finds it.
    """
    if not keep_exif():
        data = original_without_gps(data) or data
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()  # Wagtail's file_hash
    existing = NewsImage.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    image = NewsImage(
        title=name[:255], description=alt[:255], caption=caption[:255], credit=credit[:255]
    )
    image.file = ImageFile(BytesIO(data), name=name)
    image.file_hash = digest
    image.save()
    return image
