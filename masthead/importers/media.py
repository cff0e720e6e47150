"""Images for imported articles, read from a local folder (WordPress's uploads, Ghost's
content/images, a saved page's files), never from the network unless asked."""

import hashlib
import urllib.request
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.core.files.images import ImageFile, get_image_dimensions

from masthead.images.models import NewsImage

MARKERS = ("/wp-content/uploads/", "/content/images/")
FETCH_LIMIT = 20 * 1024**2


@dataclass
class MediaSource:
    folder: Path | None = None
    fetch: bool = False
    found: dict[str, NewsImage] = field(default_factory=dict)


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
    if not src.startswith(("http://", "https://")):
        return None
    with urllib.request.urlopen(src, timeout=20) as response:  # noqa: S310 - http(s) only
        data = response.read(FETCH_LIMIT + 1)
    return data if len(data) <= FETCH_LIMIT else None


def image_for(
    src: str, *, alt: str, media: MediaSource, caption: str = "", credit: str = ""
) -> NewsImage | None:
    """The image a source names, stored once (by content) however often it is named."""
    if not src:
        return None
    if src in media.found:
        return media.found[src]
    path = local_file(src, media.folder) if media.folder else None
    data = path.read_bytes() if path else (fetched(src) if media.fetch else None)
    if data is None:
        return None
    image = stored_image(
        data, PurePosixPath(urlparse(src).path).name or "image", alt, caption, credit
    )
    media.found[src] = image
    return image


def stored_image(data: bytes, name: str, alt: str, caption: str, credit: str) -> NewsImage | None:
    """A new image from the bytes, or the one already stored with the same content."""
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()  # Wagtail's file_hash
    existing = NewsImage.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    if get_image_dimensions(BytesIO(data)) == (None, None):
        return None
    image = NewsImage(
        title=name[:255], description=alt[:255], caption=caption[:255], credit=credit[:255]
    )
    image.file = ImageFile(BytesIO(data), name=name)
    image.file_hash = digest
    image.save()
    return image
