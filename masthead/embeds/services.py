"""Writes: reading a link's preview from its provider and keeping it, at editing time."""

import warnings
from io import BytesIO

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import IntegrityError, transaction

from wagtail.images import get_image_model

from PIL import Image, UnidentifiedImageError

from .fetch import FetchFailed, fetch
from .models import EmbedPreview
from .oembed import read_oembed
from .providers import Link, parse_link

THUMBNAIL_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def embed_preview_for(*, url: str) -> EmbedPreview:
    """The stored preview of a link, read from its provider the first time it is embedded.

    Raises EmbedError (unknown provider, not one post, provider unreachable or refusing)
    with a message for the editor; nothing is stored then.
    """
    link = parse_link(url)
    existing = EmbedPreview.objects.filter(url=link.url).select_related("thumbnail").first()
    if existing is not None:
        return existing
    oembed = read_oembed(link)
    thumbnail = thumbnail_image(link=link, url=oembed.thumbnail_url, title=oembed.title)
    try:
        with transaction.atomic():
            return EmbedPreview.objects.create(
                url=link.url,
                provider=link.provider.slug,
                title=oembed.title,
                author_name=oembed.author_name,
                thumbnail=thumbnail,
            )
    except IntegrityError:  # another editor saved the same link meanwhile
        return EmbedPreview.objects.get(url=link.url)


def thumbnail_image(*, link: Link, url: str, title: str):
    """The provider's thumbnail as a local image, or None when there is none, it cannot
    be read in time, or it is not a small picture: a preview without a picture is better
    than a page the editor cannot save."""
    body = _thumbnail_bytes(url)
    if body is None:
        return None
    image_format = _picture_format(body)
    if image_format is None:
        return None
    name = f"embed-{link.provider.slug}.{THUMBNAIL_FORMATS[image_format]}"
    return get_image_model().objects.create(
        title=f"{link.provider.name}: {title}"[:255],
        description=f"{link.provider.name}: {title}"[:255],
        file=ImageFile(BytesIO(body), name=name),
    )


def _thumbnail_bytes(url: str) -> bytes | None:
    if not url:
        return None
    try:
        _content_type, body = fetch(url, max_bytes=settings.MASTHEAD_EMBED_THUMBNAIL_MAX_BYTES)
    except FetchFailed:
        return None
    return body


def _picture_format(body: bytes) -> str | None:
    """The picture's format when Pillow reads it as one of the usual formats within the
    pixel limit (decompression bombs included), else None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(body)) as picture:
                picture.verify()
                pixels = picture.width * picture.height
                image_format = picture.format
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        return None
    if (
        image_format not in THUMBNAIL_FORMATS
        or pixels > settings.MASTHEAD_EMBED_THUMBNAIL_MAX_PIXELS
    ):
        return None
    return image_format
