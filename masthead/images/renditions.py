"""The picture sizes a page asks for, and making them before a reader does.

A shape is one crop (or none) at a small set of widths, each in AVIF, WebP and JPEG:
browsers take the first format they read and the width that fits their screen.
`fill-` crops follow the focal point an editor sets on the image.
"""

from dataclasses import dataclass

from django.conf import settings

FORMATS = ("avif", "webp", "jpeg")
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Shape:
    name: str
    sizes: tuple[str, ...]  # Wagtail resize operations, smallest first
    default_sizes: str  # the `sizes` attribute: how wide the picture shows

    def specs(self, image_format: str) -> list[str]:
        return [f"{size}|format-{image_format}" for size in self.sizes]

    def all_specs(self) -> list[str]:
        return [spec for image_format in FORMATS for spec in self.specs(image_format)]


ARTICLE_WIDTH = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
SHAPES = {
    # The lead image of an article and of the front page, and gallery pictures: 16:9.
    "wide": Shape("wide", ("fill-480x270", "fill-800x450", "fill-1200x675"), ARTICLE_WIDTH),
    # Pictures in the body keep the proportions they were taken with.
    "body": Shape("body", ("width-480", "width-800", "width-1200"), ARTICLE_WIDTH),
    # A teaser's picture in a listing's column: 3:2.
    "thumb": Shape(
        "thumb", ("fill-360x240", "fill-720x480"), "(min-width: 36rem) 22rem, calc(100vw - 2rem)"
    ),
    # An author's photo, square.
    "portrait": Shape("portrait", ("fill-160x160", "fill-320x320"), "5rem"),
}
# One file each, for the places that take a single address.
SOCIAL_SPEC = "fill-1200x675|format-jpeg"
POSTER_SPEC = "width-960|format-jpeg"
# Made on upload: what any article's featured image needs (its page, its teasers, its card).
# The body and portrait shapes are made the first time a page uses them.
PREPARED_SHAPES = ("wide", "thumb")


def prepared_specs() -> list[str]:
    specs = [spec for name in PREPARED_SHAPES for spec in SHAPES[name].all_specs()]
    return list(dict.fromkeys([*specs, SOCIAL_SPEC]))  # the social card is the wide JPEG


def prepare_renditions(image) -> int:
    """Make the renditions a featured image needs; return how many the image has of them."""
    return len(image.get_renditions(*prepared_specs()))


def prepare_on_upload() -> bool:
    return getattr(settings, "MASTHEAD_IMAGES_PREPARE_ON_UPLOAD", True)
