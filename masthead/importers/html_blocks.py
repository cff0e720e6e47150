"""HTML (WordPress, Ghost, a saved page's main content) to body pieces.

Every paragraph keeps its bold, italic and links through nh3; headings, quotations and
captions keep their text only. A list's items (inline HTML through nh3) and a table's
rows (plain text) come out as paragraphs of one group, which cleaning.gather() turns
into the body's list and table blocks once the cleaning rules have seen each. A frame or
a bare link of a provider the embed block knows (YouTube, Vimeo, X, ...) becomes an
embed piece, read from the address alone (no network); any other frame becomes a link.
"""

import itertools
import re

from lxml import etree
from lxml import html as lxml_html

from masthead.embeds.providers import EmbedError, parse_link

from .records import Piece
from .sanitize import clean_inline, clean_text

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
WRAPPERS = {"div", "section", "article", "main", "header", "body", "html", "span", "center"}
SKIPPED = {"script", "style", "noscript", "nav", "form", "button", "svg", "template", "aside"}
BLOCK_TAGS = {"p", "ul", "ol", "table", "blockquote", "figure", "img", "iframe", "pre", "hr"}
BLOCK_TAGS |= set(HEADINGS) | WRAPPERS
BLANK_LINES = re.compile(r"\n\s*\n")
ANCHOR = re.compile(r"[^a-z0-9_-]+")
URL_ONLY = re.compile(r"https?://\S+")
# Social posts pasted as the provider's own markup: a quotation holding the post's link.
EMBED_QUOTES = {"twitter-tweet", "instagram-media", "tiktok-embed"}
GROUPS = itertools.count(1)
# A pull quote as WordPress (Gutenberg), Ghost (the large quote style) and themes mark it.
PULL_QUOTES = {"wp-block-pullquote", "pullquote", "pull-quote", "kg-blockquote-alt"}
PULL_QUOTE_LENGTH = 300  # the pull quote block's limit: a longer one stays a quotation


def html_to_pieces(source: str) -> list[Piece]:
    """The pieces of an HTML fragment, in reading order."""
    if not source.strip():
        return []
    root = lxml_html.fragment_fromstring(autop(source), create_parent="div")
    return list(element_pieces(root))


def autop(source: str) -> str:
    """Classic WordPress text has no <p>: blank lines separate its paragraphs."""
    if re.search(r"<(p|h[1-6]|ul|ol|blockquote|figure|div|table)\b", source, re.IGNORECASE):
        return source
    return "".join(f"<p>{part}</p>" for part in BLANK_LINES.split(source) if part.strip())


def element_pieces(element):
    """Walk a container: loose text becomes paragraphs, block children their pieces."""
    loose: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comments (Gutenberg's <!-- wp:... -->)
            loose.append(child.tail or "")
            continue
        tag = child.tag.lower()
        if tag in BLOCK_TAGS or tag in SKIPPED:
            yield from paragraph_from("".join(loose))
            loose = []
            if tag not in SKIPPED:
                yield from block_pieces(child, tag)
            loose.append(child.tail or "")
        else:
            loose.append(lxml_html.tostring(child, encoding="unicode"))
    yield from paragraph_from("".join(loose))


def paragraph_from(markup: str):
    inline = clean_inline(markup)
    text = clean_text(markup)
    if text:
        yield embed_of(text) or Piece("paragraph", text=text, html=inline)


def embed_of(url: str, title: str = "") -> Piece | None:
    """An embed piece for a link the embed block knows, from the address alone; else None.

    A paragraph that is nothing but such a link is how WordPress and Ghost keep an embed.
    """
    if not URL_ONLY.fullmatch(url):
        return None
    try:
        link = parse_link(url)
    except EmbedError:
        return None
    return Piece("embed", text=(title or link.fallback_title)[:200], src=link.url)


def inner_html(element) -> str:
    parts = [element.text or ""]
    parts += [lxml_html.tostring(child, encoding="unicode") for child in element]
    return "".join(parts)


def text_of(element) -> str:
    return clean_text(
        lxml_html.tostring(element, encoding="unicode", method="text", with_tail=False)
    )


def block_pieces(element, tag: str):
    if tag in WRAPPERS:
        yield from element_pieces(element)
    elif tag == "p" or tag == "pre":
        yield from (
            element_pieces(element) if has_blocks(element) else paragraph_from(inner_html(element))
        )
    elif tag in HEADINGS:
        yield heading_piece(element, tag)
    elif tag == "blockquote":
        yield social_post(element) or quote_or_pull_quote(element, classes(element))
    elif tag == "figure" and PULL_QUOTES & classes(element) and element.xpath(".//blockquote"):
        yield quote_or_pull_quote(element.xpath(".//blockquote")[0], classes(element))
    elif tag in ("ul", "ol"):
        yield from list_pieces(element, tag)
    elif tag == "table":
        yield from table_pieces(element)
    elif tag == "figure":
        yield from figure_pieces(element)
    elif tag == "img":
        yield image_piece(element)
    elif tag == "iframe":
        yield from embed_pieces(element)


def has_blocks(element) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element)


def heading_piece(element, tag: str) -> Piece:
    anchor = ANCHOR.sub("-", (element.get("id") or "").lower()).strip("-")[:80]
    return Piece("heading", text=text_of(element), level=HEADINGS[tag], anchor=anchor)


def quote_piece(element) -> Piece:
    speaker = ""
    for cite in element.xpath(".//cite|.//footer"):
        speaker = speaker or text_of(cite).lstrip("—–- ")
        cite.drop_tree()
    return Piece("quote", text=text_of(element), speaker=speaker[:200])


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def quote_or_pull_quote(element, marks: set[str]) -> Piece:
    """A quotation; a pull quote (a line of the article set large) when marked as one."""
    piece = quote_piece(element)
    if PULL_QUOTES & marks and len(piece.text) <= PULL_QUOTE_LENGTH:
        piece.kind = "pull_quote"
    return piece


def social_post(element) -> Piece | None:
    """A tweet, Instagram or TikTok post pasted with its provider's markup, as an embed."""
    if not EMBED_QUOTES & classes(element):
        return None
    title = text_of(element.xpath(".//p")[0]) if element.xpath(".//p") else ""
    for href in reversed(element.xpath(".//a/@href")):
        piece = embed_of(href.strip(), title)
        if piece:
            return piece
    return None


def list_pieces(element, tag: str):
    """Each item a paragraph of the list's group (nested lists flattened into it)."""
    group = next(GROUPS)
    for item in element.xpath("./li"):
        for nested in item.xpath("./ul|./ol"):
            nested.drop_tree()
        for piece in paragraph_from(inner_html(item)):
            if piece.kind == "paragraph":
                piece.group, piece.grouping = group, tag
            yield piece


def table_pieces(element):
    """Each row a paragraph of the table's group: its cells as text, the caption kept."""
    group = next(GROUPS)
    captions = element.xpath("./caption")
    caption = text_of(captions[0])[:255] if captions else ""
    for row in element.xpath(".//tr"):
        cells = [text_of(cell) for cell in row.xpath("./th|./td")]
        text = " | ".join(cell for cell in cells if cell)
        if text:
            header = bool(row.xpath("./th")) and not row.xpath("./td")
            yield Piece(
                "paragraph",
                text=text,
                html=clean_inline(text_escape(text)),
                group=group,
                grouping="table",
                cells=cells,
                header=header or bool(row.xpath("ancestor::thead")),
                caption=caption,
            )


def text_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figure_pieces(element):
    images = element.xpath(".//img")
    if not images:
        yield from element_pieces(element)
        return
    if element.xpath(".//blockquote"):
        yield quote_piece(element.xpath(".//blockquote")[0])
        return
    if len(images) > 1:
        yield gallery_piece(element, images)
        return
    yield captioned(image_piece(images[0]), element)


def captioned(piece: Piece, element) -> Piece:
    caption = element.xpath(".//figcaption")
    if caption:
        piece.caption, piece.credit = split_credit(text_of(caption[0]))
    return piece


def gallery_piece(element, images) -> Piece:
    """A figure of several pictures (Gutenberg's and Ghost's galleries): each picture with
    the caption of its own figure, the gallery's own caption as its title."""
    pictures = []
    for image in images[:24]:  # the gallery block's limit
        own = image.xpath("ancestor::figure[1]")
        figure = own[0] if own and own[0] is not element else None
        piece = image_piece(image)
        pictures.append(captioned(piece, figure) if figure is not None else piece)
    titles = element.xpath("./figcaption")
    return Piece("gallery", text=text_of(titles[0])[:200] if titles else "", pictures=pictures)


def split_credit(caption: str) -> tuple[str, str]:
    """ "A street in Hanoi. Photo: Jane Doe" keeps the credit apart from the caption."""
    match = re.search(
        r"\s*\(?(?:photo|photograph|credit|image|©)\s*:?\s*([^()]+)\)?$", caption, re.I
    )
    if not match:
        return caption[:255], ""
    return caption[: match.start()].strip()[:255], match.group(1).strip()[:255]


def image_piece(element) -> Piece:
    src = element.get("src") or element.get("data-src") or ""
    return Piece("image", src=src, alt=clean_text(element.get("alt") or "")[:255])


def embed_pieces(element):
    """A provider's player as an embed; any other frame as a link to what it showed."""
    src = (element.get("src") or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    if not src.startswith(("http://", "https://")):
        return
    embed = embed_of(src, clean_text(element.get("title") or ""))
    if embed:
        yield embed
    else:
        link = f'<a href="{text_escape(src)}">{text_escape(src)}</a>'
        yield Piece("paragraph", text=src, html=clean_inline(link))


def serialize(element) -> str:
    return etree.tostring(element, encoding="unicode")
