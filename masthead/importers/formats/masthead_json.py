"""Masthead's own JSON export (export.write_json_zip): masthead-export.json and its images.

Read back block for block, so that an export imported into an empty site gives the same
articles. Every piece of text goes through the same cleaning as any other source: the
file may have been edited by hand since it left.
"""

from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..errors import MalformedExport
from ..html_blocks import embed_of
from ..records import AuthorRecord, CommentRecord, ItemRecord, Piece
from ..sanitize import clean_inline, clean_text
from .dates import parse_iso

KIND = "masthead"
FORMAT = "masthead-export"
LISTS = {"bulleted_list": "ul", "numbered_list": "ol"}


def is_masthead_export(document: object) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def read_masthead_export(path: Path, document: dict) -> Iterator[ItemRecord]:
    """Each article of the export; its images are read from the export's own folder."""
    if not isinstance(document.get("articles"), list):
        raise MalformedExport("a Masthead export without its list of articles", place=str(path))
    authors = {
        str(author.get("slug")): author_record(author)
        for author in document.get("authors", [])
        if isinstance(author, dict) and author.get("slug")
    }
    for number, article in enumerate(document["articles"], start=1):
        place = f"{path}: article {number}"
        if not isinstance(article, dict) or not article.get("title") or "id" not in article:
            raise MalformedExport("an article has no id or title", place=place)
        yield article_record(article, authors, place, str(path.parent))


def author_record(author: dict) -> AuthorRecord:
    return AuthorRecord(
        key=str(author["slug"]),
        name=clean_text(author.get("name") or "")[:120],
        slug=str(author["slug"])[:120],
        bio=clean_text(author.get("bio") or "")[:1000],
    )


def article_record(
    article: dict, authors: dict[str, AuthorRecord], place: str, folder: str
) -> ItemRecord:
    date = article.get("publication_date")
    return ItemRecord(
        source_kind=KIND,
        source_key=str(article["id"]),
        place=place,
        title=clean_text(article["title"]),
        slug=str(article.get("slug") or ""),
        dek=clean_text(article.get("dek") or ""),
        pieces=[piece for block in article.get("body", []) for piece in block_pieces(block)],
        published_at=parse_iso(date) if date else None,
        status=article.get("status") if article.get("status") in STATUSES else "draft",
        section=clean_text(article.get("section") or ""),
        tags=[clean_text(tag) for tag in article.get("tags", []) if clean_text(tag)],
        authors=[
            authors.get(slug) or AuthorRecord(key=slug, name=slug)
            for slug in article.get("authors", [])
        ],
        featured_image=article.get("featured_image") or "",
        featured_alt=clean_text(article.get("featured_image_alt") or ""),
        comments=[*comments(article.get("comments", [])), *ratings(article.get("ratings", []))],
        old_path=str(article.get("url") or ""),
        media_root=folder,
    )


STATUSES = {"publish", "draft", "future"}


def block_pieces(block: dict) -> list[Piece]:
    """One exported block as the pieces it came from; an unknown or bare block gives none."""
    kind = block.get("type") if isinstance(block, dict) else None
    text = clean_text(str(block.get("text") or "")) if kind else ""
    if kind == "paragraph":
        html = clean_inline(strip_p(str(block.get("html") or "")))
        plain = clean_text(html)
        return [Piece("paragraph", text=plain, html=html)] if plain else []
    if kind == "heading" and text:
        level = block.get("level") if block.get("level") in ("h2", "h3") else "h2"
        return [
            Piece(
                "heading", text=text, level=level, anchor=clean_text(str(block.get("anchor") or ""))
            )
        ]
    if kind == "quote":
        quote = clean_text(str(block.get("quote") or ""))
        return (
            [Piece("quote", text=quote, speaker=clean_text(str(block.get("speaker") or "")))]
            if quote
            else []
        )
    if kind == "pull_quote":
        text = clean_text(str(block.get("text") or ""))[:300]
        speaker = clean_text(str(block.get("attribution") or ""))[:200]
        return [Piece("pull_quote", text=text, speaker=speaker)] if text else []
    if kind == "image" and block.get("file"):
        return [image_piece(block)]
    if kind == "gallery":
        pictures = [
            image_piece(p) for p in block.get("images", []) if isinstance(p, dict) and p.get("file")
        ]
        title = clean_text(str(block.get("title") or ""))[:200]
        return [Piece("gallery", text=title, pictures=pictures)] if pictures else []
    return special_pieces(kind, block)


def strip_p(html: str) -> str:
    html = html.strip()
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else html


def image_piece(block: dict) -> Piece:
    return Piece(
        "image",
        src=str(block["file"]),
        alt=clean_text(str(block.get("alt_text") or ""))[:255],
        caption=clean_text(str(block.get("caption") or ""))[:255],
        credit=clean_text(str(block.get("credit") or ""))[:255],
    )


def special_pieces(kind: str | None, block: dict) -> list[Piece]:
    """Lists, tables and embeds; a fact box comes back as the heading and list it exports as."""
    if kind in LISTS:
        items = [clean_inline(str(item)) for item in block.get("items", [])]
        items = [item for item in items if clean_text(item)]
        return (
            [
                Piece(
                    "list",
                    text="\n".join(map(clean_text, items)),
                    items=items,
                    grouping=LISTS[kind],
                )
            ]
            if items
            else []
        )
    if kind == "table":
        rows = [[clean_text(str(cell or "")) for cell in row] for row in block.get("data") or []]
        if not any(any(row) for row in rows):
            return []
        return [
            Piece(
                "table",
                text="\n".join(" | ".join(row) for row in rows),
                rows=rows,
                header=bool(block.get("first_row_is_table_header")),
                caption=clean_text(str(block.get("table_caption") or ""))[:255],
            )
        ]
    if kind == "embed":
        embed = embed_of(str(block.get("url") or ""), clean_text(str(block.get("title") or "")))
        return [embed] if embed else []
    if kind == "fact_box":
        facts = [clean_text(str(fact)) for fact in block.get("facts", []) if clean_text(str(fact))]
        title = clean_text(str(block.get("title") or ""))
        heading = [Piece("heading", text=title, level="h3")] if title else []
        return heading + ([Piece("list", items=facts, grouping="ul")] if facts else [])
    return []


def comments(rows: list) -> Iterator[CommentRecord]:
    for row in rows:
        if not isinstance(row, dict) or "id" not in row:
            continue
        created = row.get("created_at")
        rating = row.get("rating")
        yield CommentRecord(
            key=str(row["id"]),
            name=clean_text(str(row.get("name") or ""))[:80] or "Anonymous",
            email=valid_email(row.get("email")),
            body=clean_text(str(row.get("body") or ""))[:4000],
            created_at=parse_iso(created) if created else None,
            status="approved",
            parent_key=str(row["parent"]) if row.get("parent") else "",
            rating=rating if isinstance(rating, int) and 1 <= rating <= 5 else None,
        )


def valid_email(value: object) -> str:
    """The commenter's address when it is one; "" otherwise (it is optional)."""
    email = str(value or "").strip()[:254]
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def ratings(values: list) -> Iterator[CommentRecord]:
    """Ratings given without a comment: each its own key, as the WXR reader keys them."""
    for number, value in enumerate(values, start=1):
        if isinstance(value, int) and 1 <= value <= 5:
            yield CommentRecord(
                key=f"rating-{number}",
                name="",
                email="",
                body="",
                created_at=None,
                status="approved",
                kind="rating",
                rating=value,
            )
