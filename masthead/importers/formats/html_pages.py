"""Saved web pages (Wix pages in particular): the article found by trafilatura, then cleaned.

trafilatura finds the main content; Masthead's cleaning rules then take out the furniture
it keeps (rating widgets, follow labels, a lede printed twice). The title, dek, date and
authors come from the page's JSON-LD, then OpenGraph and meta tags, then `<time>`.
"""

import hashlib
import json
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from ..cleaning import clean
from ..errors import MalformedExport
from ..html_blocks import html_to_pieces
from ..records import AuthorRecord, ItemRecord, Piece
from ..sanitize import clean_text
from .dates import parse_iso

KIND = "page"
# Fewer words than this in paragraphs is a menu, an index or an error page, not an article.
MIN_WORDS = 20
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "Report"}


def decode(data: bytes, place: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MalformedExport("unknown text encoding: save the page as UTF-8", place=place)


def extract_body(source: str) -> str:
    """The page's main content as HTML, as trafilatura finds it."""
    return (
        trafilatura.extract(
            source,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            include_formatting=True,
            favor_precision=True,
        )
        or ""
    )


def read_html_page(path: Path, data: bytes, name: str) -> ItemRecord:
    place = str(path)
    source = decode(data, place)
    try:
        tree = lxml_html.document_fromstring(source)
    except (ValueError, lxml_html.etree.ParserError):
        raise MalformedExport("not an HTML page", place=place) from None
    meta = page_metadata(tree)
    pieces = article_pieces(source, meta["title"])
    if not meta["title"] or body_words(pieces) < MIN_WORDS:
        raise MalformedExport("no article found in this page", place=place)
    return ItemRecord(
        source_kind=KIND,
        source_key=meta["url"] or hashlib.sha256(data).hexdigest()[:40],
        place=place,
        title=meta["title"][:255],
        dek=meta["dek"][:400],
        pieces=pieces,
        published_at=meta["date"],
        authors=[AuthorRecord(key=author, name=author[:120]) for author in meta["authors"]],
        old_path=old_path(meta["url"], name),
    )


def article_pieces(source: str, title: str) -> list[Piece]:
    """The body's pieces, cleaned, without the headline printed above them."""
    pieces = clean(html_to_pieces(extract_body(source)))
    if title and pieces and pieces[0].text == title:
        pieces = pieces[1:]
    return pieces


def body_words(pieces) -> int:
    return sum(len(piece.text.split()) for piece in pieces if piece.kind == "paragraph")


def old_path(url: str, name: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).path if url else "/" + name.lstrip("/")


def page_metadata(tree) -> dict:
    article = json_ld_article(tree)
    meta = {m.get("property") or m.get("name"): m.get("content", "") for m in tree.xpath("//meta")}
    title = article.get("headline") or meta.get("og:title") or tree.findtext(".//title") or ""
    dek = article.get("description") or meta.get("og:description") or meta.get("description")
    date = article.get("datePublished") or meta.get("article:published_time") or first_time(tree)
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    return {
        "title": clean_text(title),
        "dek": clean_text(dek or ""),
        "date": parse_iso(date) if date else None,
        "authors": json_ld_authors(article) or ([meta["author"]] if meta.get("author") else []),
        "url": article.get("url") or meta.get("og:url") or (canonical[0] if canonical else ""),
    }


def first_time(tree) -> str:
    times = tree.xpath("//time/@datetime")
    return times[0] if times else ""


def json_ld_article(tree) -> dict:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict) and item.get("@type") in ARTICLE_TYPES:
                return item
    return {}


def json_ld_authors(article: dict) -> list[str]:
    authors = article.get("author") or []
    authors = authors if isinstance(authors, list) else [authors]
    names = [a.get("name", "") if isinstance(a, dict) else str(a) for a in authors]
    return [clean_text(name) for name in names if clean_text(name)]
