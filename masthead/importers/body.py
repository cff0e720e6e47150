"""Pieces to the article body's StreamField blocks: paragraph, heading, quote, pull quote,
image, bulleted and numbered list, table and embed."""

from collections.abc import Callable

from django.utils.text import slugify

from wagtail.rich_text import RichText

from masthead.embeds.blocks import EmbedValue
from masthead.embeds.providers import parse_link

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
    if piece.kind in MADE:
        return MADE[piece.kind](piece)
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
            return ("image", {"image": found, **picture_text(piece)})
    if piece.kind == "gallery":
        return gallery_block(piece, image)
    return None


def picture_text(piece: Piece) -> dict:
    return {"alt_text": piece.alt, "caption": piece.caption, "credit": piece.credit}


def gallery_block(piece: Piece, image: Callable[[Piece], object | None]) -> tuple | None:
    """A gallery of the pictures found; one found is an image, none nothing."""
    found = [(picture, image(picture)) for picture in piece.pictures]
    found = [(picture, stored) for picture, stored in found if stored is not None]
    if len(found) == 1:
        return ("image", {"image": found[0][1], **picture_text(found[0][0])})
    if not found:
        return None
    images = [{"image": stored, **picture_text(picture)} for picture, stored in found]
    return ("gallery", {"title": piece.text, "images": images})


def list_block(piece: Piece) -> tuple:
    kind = "numbered_list" if piece.grouping == "ol" else "bulleted_list"
    return (kind, {"items": [RichText(item) for item in piece.items]})


def table_block(piece: Piece) -> tuple:
    """Wagtail's table value; a ragged table's rows are padded to the widest."""
    width = max(len(row) for row in piece.rows)
    rows = [row + [""] * (width - len(row)) for row in piece.rows]
    return (
        "table",
        {
            "data": rows,
            "first_row_is_table_header": piece.header,
            "first_col_is_header": False,
            "table_header_choice": "row" if piece.header else "neither",
            "table_caption": piece.caption,
        },
    )


def embed_block(piece: Piece) -> tuple:
    """What the embed block keeps, from the address alone: its title is the link's own
    (or the frame's), and the preview has no picture until an editor saves it again."""
    link = parse_link(piece.src)
    return ("embed", EmbedValue(url=link.url, provider=link.provider.slug, title=piece.text))


def pull_quote_block(piece: Piece) -> tuple:
    return ("pull_quote", {"text": piece.text, "attribution": piece.speaker[:200]})


MADE = {
    "list": list_block,
    "table": table_block,
    "embed": embed_block,
    "pull_quote": pull_quote_block,
}
