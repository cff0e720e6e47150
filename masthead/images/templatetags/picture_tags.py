"""`{% picture image "wide" %}`: a responsive `<picture>` (AVIF, WebP, JPEG) for a NewsImage."""

import logging
from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string

from masthead.images.renditions import FORMATS, MIME_TYPES, POSTER_SPEC, SHAPES

register = template.Library()
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    mime_type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    sources: list[Source]  # AVIF, then WebP
    srcset: str  # the JPEG fallback's
    src: str
    width: int
    height: int


def srcset(renditions) -> str:
    """`url 480w, url 800w`: one candidate per width actually made (a small original
    gives fewer, as Wagtail does not enlarge)."""
    by_width = {rendition.width: rendition.url for rendition in renditions}
    return ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))


def build_picture(image, shape_name: str) -> Picture:
    """The sources of a picture, read (or made) in one go for every format and width."""
    shape = SHAPES[shape_name]
    renditions = image.get_renditions(*shape.all_specs())
    by_format = {fmt: [renditions[spec] for spec in shape.specs(fmt)] for fmt in FORMATS}
    fallback = by_format["jpeg"]
    middle = fallback[len(fallback) // 2]
    sources = [Source(MIME_TYPES[fmt], srcset(by_format[fmt])) for fmt in FORMATS[:-1]]
    return Picture(sources, srcset(fallback), middle.url, middle.width, middle.height)


@register.simple_tag
def picture(
    image,
    shape: str,
    *,
    alt: str | None = None,
    sizes: str = "",
    lazy: bool = True,
    priority: bool = False,
    css_class: str = "",
) -> str:
    """The `<picture>` of an image, or nothing when there is none.

    `alt` defaults to the image's own alt text. The first screen's picture is `lazy=False`
    and `priority=True` (fetched first); the rest load as the reader scrolls to them.
    """
    if not image:
        return ""
    try:
        built = build_picture(image, shape)
    except OSError:  # the original is missing or damaged (Wagtail's SourceImageIOError too)
        logger.warning(
            "No renditions for image %s: its file cannot be read", image.pk, exc_info=True
        )
        return ""
    context = {
        "picture": built,
        "alt": image.alt_text if alt is None else alt,
        "sizes": sizes or SHAPES[shape].default_sizes,
        "lazy": lazy,
        "priority": priority,
        "css_class": css_class,
    }
    return render_to_string("images/_picture.html", context)


@register.simple_tag
def poster_url(image) -> str:
    """The single picture a `<video>` shows before it plays (none when it cannot be read)."""
    if not image:
        return ""
    try:
        return image.get_rendition(POSTER_SPEC).url
    except OSError:
        logger.warning("No poster from image %s: its file cannot be read", image.pk, exc_info=True)
        return ""
