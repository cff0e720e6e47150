"""nh3 on every fragment: only bold, italic and links reach a paragraph block."""

import re
from html import unescape

import nh3

INLINE_TAGS = {"b", "i", "strong", "em", "a", "br"}
INLINE_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# nh3's output is well-formed, so renaming its tags with a pattern is safe.
RENAMES = [(re.compile(r"<(/?)strong>"), r"<\1b>"), (re.compile(r"<(/?)em>"), r"<\1i>")]
SPACES = re.compile(r"\s+")


def clean_inline(html: str) -> str:
    """A paragraph's inner HTML with every tag and attribute outside the allowed few gone."""
    cleaned = nh3.clean(
        html,
        tags=INLINE_TAGS,
        attributes=INLINE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    for pattern, replacement in RENAMES:
        cleaned = pattern.sub(replacement, cleaned)
    return SPACES.sub(" ", cleaned).strip()


def clean_text(text: str) -> str:
    """Plain text with no markup at all and one space between words."""
    # nh3 drops the tags (and script/style content); the templates escape what is left.
    return SPACES.sub(" ", unescape(nh3.clean(text, tags=set()))).strip()
