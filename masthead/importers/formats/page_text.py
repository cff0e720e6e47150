"""A page's text as a browser shows it (select all, copy, save as .txt).

Each line is a block of the page. The title is the first line left once the furniture
is cleaned away; a date line near the top gives the date; a short line without closing
punctuation, followed by a longer one, is a heading; a line opening with a quotation mark
is a quotation, and a "Name said:" line before it names the speaker.
"""

import hashlib
import re
from datetime import datetime
from pathlib import Path

from ..cleaning import clean
from ..errors import MalformedExport
from ..records import ItemRecord, Piece
from ..sanitize import clean_text
from .dates import parse_date

KIND = "page"
OPENING_QUOTES = "‘“\"«'„"
CLOSING_QUOTES = {"‘": "’", "“": "”", '"': '"', "«": "»", "'": "'", "„": "“"}
SAID = re.compile(r"^(?P<speaker>[^.!?]{2,80}?) (said|says|stated|declared|a déclaré|a dit)\s*:$")
HEADING_MAX_WORDS = 12


def read_page_text(path: Path, data: bytes) -> list[ItemRecord]:
    text = decode(data, path)
    lines = [line.strip() for line in text.splitlines()]
    pieces = clean([line_piece(line) for line in lines if line])
    if not pieces:
        raise MalformedExport("no article text in this page", place=str(path))
    title, date, pieces = title_and_date(pieces)
    body = quotations(headings(pieces))
    key = hashlib.sha256(data).hexdigest()[:40]
    return [
        ItemRecord(
            source_kind=KIND,
            source_key=key,
            place=str(path),
            title=title[:255],
            pieces=body,
            published_at=date,
            old_path="",
        )
    ]


def decode(data: bytes, path: Path) -> str:
    """UTF-8, or UTF-16 when a byte-order mark says so; anything else is refused."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise MalformedExport(
            f"unknown text encoding (byte {error.start} is not {encoding.upper()}): save the page as UTF-8",
            place=str(path),
        ) from None


def line_piece(line: str) -> Piece:
    text = clean_text(line)
    return Piece("paragraph", text=text, html=text_html(text))


def text_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def title_and_date(pieces: list[Piece]) -> tuple[str, datetime | None, list[Piece]]:
    """The title is the first piece; a date among the first few lines is taken out."""
    date = None
    rest = []
    for index, piece in enumerate(pieces[1:], start=1):
        found = (
            parse_date(piece.text) if index < 4 and date is None and len(piece.text) < 40 else None
        )
        if found:
            date = found
        else:
            rest.append(piece)
    return pieces[0].text, date, rest


def looks_like_heading(piece: Piece, following: Piece | None) -> bool:
    text = piece.text
    return (
        following is not None
        and len(text.split()) <= HEADING_MAX_WORDS
        and text[-1] not in '.,;:!?…’”"»'
        and text[0] not in OPENING_QUOTES
        and (text[0].isupper() or text[0].isdigit())
        and len(following.text) > len(text)
    )


def headings(pieces: list[Piece]) -> list[Piece]:
    result = []
    for index, piece in enumerate(pieces):
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if looks_like_heading(piece, following):
            piece = Piece("heading", text=piece.text, level="h2")
        result.append(piece)
    return result


def quotations(pieces: list[Piece]) -> list[Piece]:
    result: list[Piece] = []
    for piece in pieces:
        if piece.kind == "paragraph" and piece.text[:1] in OPENING_QUOTES:
            speaker = said_by(result)
            result.extend(quote_pieces(piece.text, speaker))
        else:
            result.append(piece)
    return result


def said_by(before: list[Piece]) -> str:
    """The speaker named by the line just before ("Sean O'Neill said:"), which then goes."""
    if before and before[-1].kind == "paragraph":
        match = SAID.match(before[-1].text)
        if match:
            before.pop()
            return match.group("speaker")[:200]
    return ""


def quote_pieces(text: str, speaker: str) -> list[Piece]:
    """The quotation, and what the line goes on to say after it as a paragraph."""
    closing = CLOSING_QUOTES[text[0]]
    end = text.find(closing, 1)
    if end == -1:
        return [Piece("quote", text=text.strip(OPENING_QUOTES), speaker=speaker)]
    quoted = text[1:end].strip().rstrip(",")
    if quoted and quoted[-1] not in ".!?…":
        quoted += "."
    pieces = [Piece("quote", text=quoted, speaker=speaker)]
    rest = text[end + 1 :].strip(" ,;")
    if rest:
        rest = rest[0].upper() + rest[1:]
        pieces.append(Piece("paragraph", text=rest, html=text_html(rest)))
    return pieces
