"""Pieces to the article body's StreamField blocks (paragraph, heading, quote, image)."""

from collections.abc import Callable

from django.utils.text import slugify

from wagtail.rich_text import RichText

from .records import Piece


def stream_data(pieces: list[Piece], image: Callable[[Piece], object | None]) -> list[tuple]:
    """The body's blocks; an image the media folder lacks is left out (and reported)."""
    blocks = []
    for piece in pieces:
        block = to_block(piece, image)
        if block is not None:
            blocks.append(block)
    return blocks


def to_block(piece: Piece, image: Callable[[Piece], object | None]) -> tuple | None:
    if piece.kind == "paragraph":
        return ("paragraph", RichText(f"<p>{piece.html}</p>"))
    if piece.kind == "heading":
        anchor = piece.anchor or slugify(piece.text)[:80]
        return ("heading", {"text": piece.text[:200], "level": piece.level, "anchor": anchor})
    if piece.kind == "quote":
        return ("quote", {"quote": piece.text, "speaker": piece.speaker[:200], "role": ""})
    if piece.kind == "image":
        found = image(piece)
        if found is not None:
            return (
                "image",
                {
                    "image": found,
                    "alt_text": piece.alt,
                    "caption": piece.caption,
                    "credit": piece.credit,
                },
            )
    return None
