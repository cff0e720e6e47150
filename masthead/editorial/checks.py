"""Editorial checks: one small function each, run on every save and shown in the editor.

Each check reads a `Draft` (what the editor is about to save) and returns findings. Which
checks block publication is a setting, `MASTHEAD_EDITORIAL_ERRORS`; the rest warn.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import unescape

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

HEADLINE_LIMIT = 110
NEAR_DUPLICATE_RATIO = 0.9
DEFAULT_ERRORS = frozenset({"duplicate_paragraphs", "image_alt_text", "heading_order"})
DEFAULT_MIN_WORDS = 120
QUOTE_STYLES = {
    "straight double": re.compile('"'),
    "typographic double": re.compile("[“”]"),
    "straight single": re.compile(r"(?<!\w)'(?=\w)"),
    "typographic single": re.compile("‘"),
    "guillemets": re.compile("[«»]"),
}
HTTP_LINK = re.compile(r"""href=["']http://""", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    kind: str
    text: str = ""
    level: str = ""
    speaker: str = ""
    alt_text: str = ""
    html: str = ""


@dataclass(frozen=True)
class Draft:
    headline: str
    dek: str
    blocks: list[Block] = field(default_factory=list)
    featured_image_alt: str | None = None


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    is_error: bool


def paragraphs(draft: Draft) -> list[str]:
    return [
        block.text for block in draft.blocks if block.kind == "paragraph" and block.text.strip()
    ]


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def nearly_the_same(matcher: SequenceMatcher) -> bool:
    """ratio() >= NEAR_DUPLICATE_RATIO, asked last: the two quick ratios are upper bounds
    of it that cost next to nothing, and rule out almost every pair of paragraphs."""
    return (
        matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
        and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
        and matcher.ratio() >= NEAR_DUPLICATE_RATIO
    )


def duplicate_paragraphs(draft: Draft) -> Iterator[str]:
    texts = [normalised(text) for text in paragraphs(draft)]
    matcher = SequenceMatcher(None)
    for later, text in enumerate(texts):
        matcher.set_seq2(text)  # the matcher indexes its second text: once per paragraph
        for earlier in range(later):
            matcher.set_seq1(texts[earlier])
            if nearly_the_same(matcher):
                yield _("Paragraph %(later)d repeats paragraph %(earlier)d.") % {
                    "later": later + 1,
                    "earlier": earlier + 1,
                }
                break


def mixed_quotation_marks(draft: Draft) -> Iterator[str]:
    """Apostrophes inside words are not quotation marks and are ignored."""
    texts = [
        draft.headline,
        draft.dek,
        *paragraphs(draft),
        *(b.text for b in draft.blocks if b.kind == "quote"),
    ]
    text = "\n".join(texts)
    styles = [name for name, pattern in QUOTE_STYLES.items() if pattern.search(text)]
    if len(styles) > 1:
        yield _("Quotation marks of several styles are mixed (%(styles)s); use one.") % {
            "styles": ", ".join(styles)
        }


def image_alt_text(draft: Draft) -> Iterator[str]:
    if draft.featured_image_alt is not None and not draft.featured_image_alt.strip():
        yield _("The featured image has no alt text.")
    for number, block in enumerate((b for b in draft.blocks if b.kind == "image"), start=1):
        if not block.alt_text.strip():
            yield _("Image %(number)d has no alt text.") % {"number": number}


def heading_order(draft: Draft) -> Iterator[str]:
    seen_section = False
    for index, block in enumerate(draft.blocks):
        if block.kind != "heading":
            continue
        if block.level == "h3" and not seen_section:
            yield _("Subheading “%(text)s” comes before any section heading.") % {
                "text": block.text
            }
        seen_section = seen_section or block.level == "h2"
        following = draft.blocks[index + 1] if index + 1 < len(draft.blocks) else None
        if following is None or following.kind == "heading":
            yield _("Heading “%(text)s” has no text after it.") % {"text": block.text}


def quote_speaker(draft: Draft) -> Iterator[str]:
    for block in draft.blocks:
        if block.kind == "quote" and not block.speaker.strip():
            yield _("A quotation has no speaker: “%(text)s”.") % {"text": block.text[:60]}


def empty_dek(draft: Draft) -> Iterator[str]:
    if not draft.dek.strip():
        yield _("The dek is empty.")


def headline_length(draft: Draft) -> Iterator[str]:
    if len(draft.headline) > HEADLINE_LIMIT:
        yield _("The headline has %(count)d characters; search engines show %(limit)d.") % {
            "count": len(draft.headline),
            "limit": HEADLINE_LIMIT,
        }


def insecure_links(draft: Draft) -> Iterator[str]:
    count = sum(len(HTTP_LINK.findall(block.html)) for block in draft.blocks)
    if count:
        yield _("%(count)d link(s) use http:// instead of https://.") % {"count": count}


def body_length(draft: Draft) -> Iterator[str]:
    words = sum(len(text.split()) for text in paragraphs(draft))
    minimum = getattr(settings, "MASTHEAD_MIN_BODY_WORDS", DEFAULT_MIN_WORDS)
    if words < minimum:
        yield _("The body has %(words)d words; the newsroom asks for at least %(minimum)d.") % {
            "words": words,
            "minimum": minimum,
        }


CHECKS: dict[str, Callable[[Draft], Iterator[str]]] = {
    "duplicate_paragraphs": duplicate_paragraphs,
    "mixed_quotation_marks": mixed_quotation_marks,
    "image_alt_text": image_alt_text,
    "heading_order": heading_order,
    "quote_speaker": quote_speaker,
    "empty_dek": empty_dek,
    "headline_length": headline_length,
    "insecure_links": insecure_links,
    "body_length": body_length,
}


def error_checks() -> frozenset[str]:
    return frozenset(getattr(settings, "MASTHEAD_EDITORIAL_ERRORS", DEFAULT_ERRORS))


def run_checks(draft: Draft) -> list[Finding]:
    errors = error_checks()
    return [
        Finding(name, message, name in errors)
        for name, check in CHECKS.items()
        for message in check(draft)
    ]


def draft_from_stream(headline: str, dek: str, body, featured_image=None) -> Draft:
    """A Draft from an article's fields, as saved or as submitted in the editor's form."""
    blocks = [block for child in body or [] for block in blocks_of(child.block_type, child.value)]
    featured_alt = featured_image.alt_text if featured_image is not None else None
    return Draft(
        headline=headline or "", dek=dek or "", blocks=blocks, featured_image_alt=featured_alt
    )


def blocks_of(block_type: str, value) -> list[Block]:
    """What the checks read of one body block; a gallery gives one image per picture."""
    if block_type == "paragraph":
        html = value.source
        return [Block("paragraph", text=unescape(strip_tags(html)), html=html)]
    if block_type == "heading":
        return [Block("heading", text=value["text"], level=value["level"])]
    if block_type == "quote":
        return [Block("quote", text=value["quote"], speaker=value["speaker"] or "")]
    if block_type == "image":
        return [Block("image", alt_text=image_alt(value))]
    if block_type == "gallery":
        return [Block("image", alt_text=image_alt(item)) for item in value["images"]]
    return []


def image_alt(value) -> str:
    """The alt text a picture shows with: the block's own, else the image's."""
    image = value["image"]
    return value["alt_text"] or (image.alt_text if image is not None else "")
