"""Masthead's own cleaning: page furniture out of an imported body, one rule each.

A rule takes the pieces and returns the pieces it keeps. Most drop single lines that a
page prints around the story (skip links, share and follow labels, a rating widget);
two look at the sequence: everything after a comment section's heading goes, and a
paragraph printed twice (a Wix lede) is kept once.
"""

import re
from collections.abc import Callable

from .formats.dates import parse_date
from .records import Piece

BULLETS = "•·◦▪‣–—-*>|"


def words(piece: Piece) -> str:
    """The piece's text as a rule compares it: lower case, no bullets, one space."""
    text = re.sub(r"\s+", " ", piece.text).strip().strip(BULLETS).strip()
    return text.casefold()


def dropping(pattern: str) -> Callable[[list[Piece]], list[Piece]]:
    """A rule that drops every piece whose whole text matches the pattern."""
    compiled = re.compile(rf"^(?:{pattern})\s*:?$", re.IGNORECASE)

    def rule(pieces: list[Piece]) -> list[Piece]:
        return [piece for piece in pieces if not compiled.match(words(piece))]

    return rule


skip_links = dropping(
    r"(skip|jump) to (main )?(content|navigation|main)|skip navigation|(back )?to top"
    r"|top of page|bottom of page|back to top ?↑?|↑|aller au contenu( principal)?"
    r"|haut de (la )?page|bas de (la )?page|retour en haut"
)
anchor_lines = dropping(r"(ancre|anchor|anker)\s*\d*|#\w*|¶")
share_follow_login = dropping(
    r"(share|share this( article| story| post)?|partager|tweet|follow( us)?|suivez-nous"
    r"|log ?in|sign ?in|sign ?up|se connecter|connexion|s'inscrire|print|email|e-mail"
    r"|copy link|facebook|x|twitter|linkedin|instagram|youtube|whatsapp|telegram|télégramme"
    r"|pinterest|reddit|tiktok|threads|bluesky|mastodon)( social (icon|icône))?"
)
rating_widgets = dropping(
    r"rated \d+(\.\d+)? out of 5 stars\.?|no ratings yet|add a rating|\d+ ratings?"
    r"|rate this( article| post)?|noté \d+ sur 5 étoiles\.?|aucune note|ajouter une note"
)
READING_TIME = re.compile(r"\b\d+ min(ute)?s? (read|de lecture)\b|^(updated|mis à jour)\b", re.I)


def reading_time(pieces: list[Piece]) -> list[Piece]:
    """A byline line with the reading time ("Tomas Berg · May 14, 2025 · 2 min read")."""
    return [
        piece
        for piece in pieces
        if not (len(piece.text.split()) <= 14 and READING_TIME.search(words(piece)))
    ]


newsletter_prompts = dropping(
    r".{0,40}(subscribe|sign up|inscrivez-vous).{0,30}(newsletter|our emails|updates).{0,60}"
    r"|enter your e-?mail( address)?.{0,40}|get the latest.{0,40}in your inbox.{0,20}"
)
COMMENT_HEADING = re.compile(
    r"^(\d+ )?(comments?|commentaires?|responses?|replies)( \(\d+\))?$|^leave a (comment|reply)$"
    r"|^write a comment$|^laisser un commentaire$|^join the discussion$",
    re.IGNORECASE,
)
RELATED_HEADING = re.compile(
    r"^(read more|related( posts| articles| stories)?|recent posts|you may also like"
    r"|more from .{1,40}|à lire aussi|lire aussi|articles similaires|see all)$",
    re.IGNORECASE,
)
COOKIE_WORDS = re.compile(r"\bcookies?\b", re.IGNORECASE)
CONSENT_WORDS = re.compile(r"\b(accept|consent|agree|privacy|accepter|consentement)", re.I)


def cookie_banners(pieces: list[Piece]) -> list[Piece]:
    """A short piece about cookies that asks for consent."""
    return [
        piece
        for piece in pieces
        if not (
            len(piece.text) < 400
            and COOKIE_WORDS.search(piece.text)
            and CONSENT_WORDS.search(piece.text)
        )
    ]


def date_lines(pieces: list[Piece]) -> list[Piece]:
    """A date alone on its line: the page's dateline furniture (the date comes from metadata)."""
    return [
        piece
        for piece in pieces
        if not (
            piece.kind == "paragraph" and len(piece.text.split()) <= 5 and parse_date(piece.text)
        )
    ]


def empty_headings(pieces: list[Piece]) -> list[Piece]:
    return [piece for piece in pieces if piece.kind != "heading" or piece.text.strip()]


def comment_section(pieces: list[Piece]) -> list[Piece]:
    """A comment section's heading or count ends the article: it and all after it go."""
    for index, piece in enumerate(pieces):
        if (
            index > 0
            and piece.kind in ("heading", "paragraph")
            and COMMENT_HEADING.match(words(piece))
        ):
            return pieces[:index]
    return pieces


def is_link_only(piece: Piece) -> bool:
    return piece.kind == "paragraph" and bool(
        re.fullmatch(r"(?:[•\d.\s]*<a [^>]*>[^<]*</a>\s*)+", piece.html.strip())
    )


def related_lists(pieces: list[Piece]) -> list[Piece]:
    """ "Read more" or "Related posts", and the list of links under it."""
    kept: list[Piece] = []
    in_list = False
    for piece in pieces:
        if RELATED_HEADING.match(words(piece)):
            in_list = True
            continue
        if in_list and (is_link_only(piece) or piece.kind == "image"):
            continue
        in_list = False
        kept.append(piece)
    return kept


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def repeated_paragraphs(pieces: list[Piece]) -> list[Piece]:
    """A paragraph or quotation printed again later keeps its first copy only."""
    seen: set[str] = set()
    kept: list[Piece] = []
    for piece in pieces:
        key = normalised(piece.text)
        if piece.kind in ("paragraph", "quote") and key:
            if key in seen:
                continue
            seen.add(key)
        kept.append(piece)
    return kept


def empty_paragraphs(pieces: list[Piece]) -> list[Piece]:
    return [
        piece for piece in pieces if piece.kind in ("image", "gallery") or normalised(piece.text)
    ]


RULES: list[Callable[[list[Piece]], list[Piece]]] = [
    comment_section,
    skip_links,
    anchor_lines,
    share_follow_login,
    rating_widgets,
    reading_time,
    date_lines,
    cookie_banners,
    related_lists,
    newsletter_prompts,
    empty_headings,
    empty_paragraphs,
    repeated_paragraphs,
]


def clean(pieces: list[Piece]) -> list[Piece]:
    """The pieces with every rule applied in turn, then lists and tables gathered."""
    for rule in RULES:
        pieces = rule(pieces)
    return gather(pieces)


def gather(pieces: list[Piece]) -> list[Piece]:
    """What is left of each list or table (its items or rows, read as paragraphs so each
    rule saw them) becomes one list or table piece."""
    gathered: list[Piece] = []
    for piece in pieces:
        if not piece.group:
            gathered.append(piece)
        elif gathered and gathered[-1].group == piece.group and gathered[-1].kind != "paragraph":
            grown(gathered[-1], piece)
        else:
            kind = "table" if piece.grouping == "table" else "list"
            start = Piece(kind, group=piece.group, grouping=piece.grouping, caption=piece.caption)
            gathered.append(grown(start, piece))
    for piece in gathered:
        piece.group = 0  # numbered per parse: an import's fingerprint must not see it
    return gathered


def grown(gathered: Piece, piece: Piece) -> Piece:
    gathered.text = f"{gathered.text}\n{piece.text}".strip()
    if gathered.kind == "table":
        gathered.header = gathered.header or (not gathered.rows and piece.header)
        gathered.rows.append(piece.cells)
    else:
        gathered.items.append(piece.html)
    return gathered
