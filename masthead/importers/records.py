"""What a source format yields: plain values, independent of the database."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Piece:
    """One block of an article body before it becomes a StreamField block.

    `html` holds a paragraph's inline markup (b, i, a) already cleaned by nh3; `text` is
    the plain text, which the cleaning rules read. A list's items and a table's rows are
    read as paragraphs of one `group` (so the cleaning rules see each), then gathered
    into one list or table piece (`items`, `rows`) once the rules have run.
    """

    kind: str  # paragraph, heading, quote, pull_quote, image, gallery, embed; list, table
    text: str = ""
    html: str = ""
    level: str = "h2"
    anchor: str = ""
    speaker: str = ""
    src: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""
    group: int = 0  # the list or table a paragraph belongs to; 0 for none
    grouping: str = ""  # ul, ol or table
    cells: list[str] = field(default_factory=list)  # a table row's cells, plain text
    header: bool = False  # a table's header row
    items: list[str] = field(default_factory=list)  # a gathered list's items, inline HTML
    rows: list[list[str]] = field(default_factory=list)  # a gathered table's rows
    pictures: list["Piece"] = field(default_factory=list)  # a gallery's images


@dataclass
class CommentRecord:
    key: str
    name: str
    email: str
    body: str
    created_at: datetime | None
    status: str  # approved or pending; spam never gets here
    parent_key: str = ""
    kind: str = "comment"  # or "rating": a rating given without a comment
    rating: int | None = None


@dataclass
class AuthorRecord:
    key: str
    name: str
    slug: str = ""
    bio: str = ""


@dataclass
class ItemRecord:
    """One article as read from a source, with where it came from."""

    source_kind: str
    source_key: str
    place: str
    title: str
    slug: str = ""
    dek: str = ""
    pieces: list[Piece] = field(default_factory=list)
    published_at: datetime | None = None
    status: str = "draft"  # publish, draft, future, private
    section: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[AuthorRecord] = field(default_factory=list)
    featured_image: str = ""
    featured_alt: str = ""
    comments: list[CommentRecord] = field(default_factory=list)
    old_path: str = ""
    # The folder an export's own images are in (an unpacked zip), when it carries them.
    media_root: str = ""
