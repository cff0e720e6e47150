"""WordPress WXR 1.0–1.2, read as a stream with entities and DTDs refused.

Two passes over the file: the first checks that the whole file parses and collects what
items refer to (authors, attachments' URLs); the second yields one article at a time,
clearing each item once read, so memory stays flat whatever the size of the export.
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..cleaning import clean
from ..errors import MalformedExport, UnsafeInput
from ..html_blocks import html_to_pieces
from ..records import AuthorRecord, CommentRecord, ItemRecord
from ..sanitize import clean_text
from .dates import parse_iso, parse_rfc822

KIND = "wxr"
STATUSES = {"publish": "publish", "draft": "draft", "future": "future", "private": "private"}
COMMENT_STATUSES = {"1": "approved", "0": "pending"}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def events(path: Path) -> Iterator:
    """(event, element) pairs, with parse errors and entity tricks as import errors."""
    try:
        yield from iterparse(str(path), events=("start", "end"), forbid_dtd=True)
    except DefusedXmlException as error:
        raise UnsafeInput(f"refused: {type(error).__name__}", place=str(path)) from None
    except ParseError as error:
        line, column = error.position
        raise MalformedExport(
            f"malformed XML ({error.msg})", place=f"{path}:{line}:{column}"
        ) from None


class Channel:
    """What the first pass learns: the authors and every attachment's URL."""

    def __init__(self):
        self.authors: dict[str, AuthorRecord] = {}
        self.attachments: dict[str, tuple[str, str]] = {}  # id: (URL, alt text)
        self.items = 0


def first_pass(path: Path) -> Channel:
    channel = Channel()
    saw_rss = False
    for event, element in events(path):
        name = local(element.tag)
        if event == "start":
            saw_rss = saw_rss or name == "rss"
            continue
        if name == "author" and element.tag.startswith("{http://wordpress.org/export/"):
            author = author_record(element)
            channel.authors[author.key] = author
        elif name == "item":
            fields = children(element)
            if fields.get("post_type") == "attachment":
                url, alt = (
                    fields.get("attachment_url", ""),
                    postmeta(element, "_wp_attachment_image_alt"),
                )
                channel.attachments[fields.get("post_id", "")] = (url, clean_text(alt)[:255])
            channel.items += 1
            element.clear()
    if not saw_rss:
        raise MalformedExport("not a WordPress export (no <rss> element)", place=str(path))
    return channel


def children(element) -> dict[str, str]:
    return {local(child.tag): (child.text or "") for child in element}


def author_record(element) -> AuthorRecord:
    fields = children(element)
    name = fields.get("author_display_name") or fields.get("author_login", "")
    return AuthorRecord(key=fields.get("author_login", ""), name=clean_text(name)[:120])


def read_wxr(path: Path) -> Iterator[ItemRecord]:
    """Every post of the export, as records; pages and attachments are left out."""
    channel = first_pass(path)
    number = 0
    for event, element in events(path):
        if event != "end" or local(element.tag) != "item":
            continue
        number += 1
        fields = children(element)
        if fields.get("post_type", "post") == "post" and fields.get("status") in STATUSES:
            yield item_record(element, fields, channel, f"{path}: item {number}")
        element.clear()


def item_record(element, fields: dict[str, str], channel: Channel, place: str) -> ItemRecord:
    sections, tags = categories(element)
    creator = fields.get("creator", "")
    author = channel.authors.get(creator) or AuthorRecord(key=creator, name=creator)
    featured = channel.attachments.get(postmeta(element, "_thumbnail_id"), ("", ""))
    date = parse_iso_gmt(fields.get("post_date_gmt", "")) or parse_rfc822(fields.get("pubDate", ""))
    return ItemRecord(
        source_kind=KIND,
        source_key=fields.get("guid") or f"post:{fields.get('post_id', '')}",
        place=place,
        title=clean_text(fields.get("title", "")),
        slug=fields.get("post_name", ""),
        dek=clean_text(excerpt(element)),
        pieces=clean(html_to_pieces(content(element))),
        published_at=date,
        status=STATUSES[fields["status"]],
        section=sections[0] if sections else "",
        tags=tags,
        authors=item_authors(element, channel, author),
        featured_image=featured[0],
        featured_alt=featured[1],
        comments=list(comments(element)),
        old_path=urlparse(fields.get("link", "")).path,
    )


def item_authors(element, channel: Channel, creator: AuthorRecord) -> list[AuthorRecord]:
    """The byline: dc:creator, or all of Masthead's own authors when its export lists them."""
    listed = [key for key in postmeta(element, "_masthead_authors").split(",") if key]
    if listed:
        return [channel.authors.get(key) or AuthorRecord(key=key, name=key) for key in listed]
    return [creator] if creator.key else []


def parse_iso_gmt(value: str):
    if not value or value.startswith("0000"):
        return None
    return parse_iso(value.replace(" ", "T") + "+00:00")


def content(element) -> str:
    for child in element:
        if child.tag == "{http://purl.org/rss/1.0/modules/content/}encoded":
            return child.text or ""
    return ""


def excerpt(element) -> str:
    for child in element:
        if local(child.tag) == "encoded" and "excerpt" in child.tag:
            return child.text or ""
    return ""


def categories(element) -> tuple[list[str], list[str]]:
    sections, tags = [], []
    for child in element:
        if local(child.tag) == "category":
            name = clean_text(child.text or "")
            (tags if child.get("domain") == "post_tag" else sections).append(name)
    return [name for name in sections if name], [name for name in tags if name]


def postmeta(element, key: str) -> str:
    for child in element:
        if local(child.tag) == "postmeta":
            meta = children(child)
            if meta.get("meta_key") == key:
                return meta.get("meta_value", "")
    return ""


def comments(element) -> Iterator[CommentRecord]:
    for child in element:
        if local(child.tag) != "comment":
            continue
        fields = children(child)
        status = COMMENT_STATUSES.get(fields.get("comment_approved", ""))
        kind = fields.get("comment_type", "") or "comment"
        if status and kind in ("comment", "rating"):
            yield CommentRecord(
                key=fields.get("comment_id", ""),
                name=clean_text(fields.get("comment_author", ""))[:80] or "Anonymous",
                email=fields.get("comment_author_email", "")[:254],
                body=clean_text(fields.get("comment_content", ""))[:4000],
                created_at=parse_iso_gmt(fields.get("comment_date_gmt", "")),
                status=status,
                parent_key=""
                if fields.get("comment_parent") in ("", "0")
                else fields["comment_parent"],
                rating=comment_rating(child),
                kind=kind,
            )


def comment_rating(element) -> int | None:
    for child in element:
        if local(child.tag) == "commentmeta":
            meta = children(child)
            if meta.get("meta_key") == "rating" and meta.get("meta_value", "").isdigit():
                value = int(meta["meta_value"])
                return value if 1 <= value <= 5 else None
    return None
