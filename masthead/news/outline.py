"""Headings of an article body: their anchors and the table of contents built from them."""

from dataclasses import dataclass

from django.utils.text import slugify

from wagtail.blocks import StreamValue

# Ids the page layout already uses; a heading never takes one of them.
RESERVED_IDS = frozenset({"top", "main", "contents", "toc-title", "article-title", "site-nav"})


@dataclass(frozen=True)
class OutlineEntry:
    anchor: str
    text: str


def unique_anchor(text: str, taken: set[str]) -> str:
    base = slugify(text)[:70] or "section"
    anchor, number = base, 2
    while anchor in taken or anchor in RESERVED_IDS:
        anchor, number = f"{base}-{number}", number + 1
    return anchor


def assign_heading_anchors(body: StreamValue) -> None:
    """Give every heading without an anchor one made from its text, unique in the body.

    Anchors are stored, not derived at render time, so that rewording a heading does not
    break the links readers and other sites have made to it.
    """
    headings = [block.value for block in body if block.block_type == "heading"]
    taken = {value["anchor"] for value in headings if value.get("anchor")}
    for value in headings:
        if not value.get("anchor"):
            value["anchor"] = unique_anchor(value["text"], taken)
            taken.add(value["anchor"])


def table_of_contents(body: StreamValue) -> list[OutlineEntry]:
    """The section headings (h2) of a body, in order."""
    return [
        OutlineEntry(anchor=block.value["anchor"], text=block.value["text"])
        for block in body
        if block.block_type == "heading" and block.value["level"] == "h2" and block.value["anchor"]
    ]
