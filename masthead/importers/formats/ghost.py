"""Ghost's JSON export (5.x and 6.x): posts with html, lexical or mobiledoc."""

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..cleaning import clean
from ..errors import MalformedExport
from ..html_blocks import html_to_pieces
from ..records import AuthorRecord, ItemRecord
from ..sanitize import clean_text
from .dates import parse_iso
from .ghost_documents import lexical_to_html, mobiledoc_to_html

KIND = "ghost"
STATUSES = {"published": "publish", "draft": "draft", "scheduled": "future"}


def parse_json(path: Path, data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MalformedExport("the JSON is not UTF-8", place=str(path)) from None
    except json.JSONDecodeError as error:
        raise MalformedExport(
            f"malformed JSON ({error.msg})", place=f"{path}:{error.lineno}:{error.colno}"
        ) from None


def load(path: Path, data: bytes) -> dict:
    document = parse_json(path, data)
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        raise MalformedExport("not a Ghost export (no data object)", place=str(path))
    return document["data"]


def read_ghost(path: Path, data: bytes) -> Iterator[ItemRecord]:
    content = load(path, data)
    tags = {tag["id"]: tag for tag in content.get("tags", [])}
    users = {user["id"]: user for user in content.get("users", [])}
    post_tags = links(content.get("posts_tags", []), "tag_id")
    post_authors = links(content.get("posts_authors", []), "author_id")
    # Ghost 5 keeps a post's image alt text and caption in posts_meta, not on the post.
    metas = {meta.get("post_id"): meta for meta in content.get("posts_meta", [])}
    for number, post in enumerate(content.get("posts", []), start=1):
        if post.get("type", "post") != "post" or post.get("status") not in STATUSES:
            continue
        place = f"{path}: post {number} ({post.get('id', '?')})"
        if not isinstance(post.get("id"), str) or not post.get("title"):
            raise MalformedExport("a post has no id or title", place=place)
        tag_names = [clean_text(tags[t]["name"]) for t in post_tags[post["id"]] if t in tags]
        authors = [author_record(users[a]) for a in post_authors[post["id"]] if a in users]
        extra = {k: v for k, v in metas.get(post["id"], {}).items() if v and not post.get(k)}
        yield post_record({**post, **extra}, place, tag_names, authors)


def links(rows: list[dict], target: str) -> dict[str, list[str]]:
    """post id → ids of its tags or authors, in Ghost's sort order."""
    found = defaultdict(list)
    for row in sorted(rows, key=lambda row: row.get("sort_order", 0)):
        found[row.get("post_id")].append(row.get(target))
    return found


def author_record(user: dict) -> AuthorRecord:
    return AuthorRecord(
        key=str(user.get("slug") or user.get("id")),
        name=clean_text(user.get("name", ""))[:120],
        slug=user.get("slug", ""),
        bio=clean_text(user.get("bio") or "")[:1000],
    )


def post_html(post: dict) -> str:
    if post.get("html"):
        return post["html"]
    if post.get("lexical"):
        return lexical_to_html(json.loads(post["lexical"]))
    if post.get("mobiledoc"):
        return mobiledoc_to_html(json.loads(post["mobiledoc"]))
    return ""


def post_record(post: dict, place: str, tags: list[str], authors: list[AuthorRecord]) -> ItemRecord:
    image = (post.get("feature_image") or "").replace("__GHOST_URL__", "")
    return ItemRecord(
        source_kind=KIND,
        source_key=post["id"],
        place=place,
        title=clean_text(post["title"]),
        slug=post.get("slug", ""),
        dek=clean_text(post.get("custom_excerpt") or ""),
        pieces=clean(html_to_pieces(post_html(post))),
        published_at=parse_iso(post.get("published_at") or "")
        if post.get("published_at")
        else None,
        status=STATUSES[post["status"]],
        # Ghost's primary tag files the post: the first becomes the section.
        section=tags[0] if tags else "",
        tags=tags[1:],
        authors=authors,
        featured_image=image,
        featured_alt=clean_text(post.get("feature_image_alt") or ""),
        old_path=f"/{post.get('slug', '')}/" if post.get("slug") else "",
    )
