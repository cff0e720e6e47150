"""A small CSS inliner for the newsletter's own mail template.

Mail clients (Gmail's apps, Outlook) drop or ignore `<style>`; every rule must sit in a
`style` attribute. The template styles elements by tag name only, so inlining is one
regular-expression pass per message, with no dependency: `css-inline` (a 2 MB Rust
wheel) or `premailer` (lxml, cssutils) parse selectors this template does not use, and
premailer takes milliseconds per message where this takes microseconds (docs/newsletters.md).
"""

import re

# One style per tag; the mail's look, kept plain for every client.
STYLES = {
    "body": "margin:0;padding:0;background:#f4f4f1;",
    "table": "border-collapse:collapse;",
    "h1": "font:bold 26px/1.25 Georgia,serif;color:#111;margin:0 0 12px;",
    "h2": "font:bold 20px/1.3 Georgia,serif;color:#111;margin:24px 0 8px;",
    "h3": "font:bold 17px/1.3 Georgia,serif;color:#111;margin:20px 0 6px;",
    "p": "font:16px/1.6 Georgia,serif;color:#222;margin:0 0 14px;",
    "li": "font:16px/1.6 Georgia,serif;color:#222;",
    "a": "color:#a3171b;",
    "img": "max-width:100%;height:auto;border:0;display:block;",
    "figure": "margin:0 0 16px;",
    "figcaption": "font:13px/1.4 Arial,sans-serif;color:#555;margin:4px 0 0;",
    "blockquote": "margin:0 0 14px;padding-left:14px;border-left:3px solid #a3171b;",
    "small": "font:12px/1.5 Arial,sans-serif;color:#666;",
}

TAG = re.compile(r"<(" + "|".join(STYLES) + r")\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"', re.IGNORECASE)


def _inline(match: re.Match) -> str:
    tag, attributes = match.group(1), match.group(2)
    rule = STYLES[tag.lower()]
    existing = STYLE_ATTRIBUTE.search(attributes)
    if existing:  # the element's own style wins, as it would in CSS
        merged = f' style="{rule}{existing.group(1)}"'
        return f"<{tag}{STYLE_ATTRIBUTE.sub(merged, attributes, count=1)}>"
    return f'<{tag} style="{rule}"{attributes}>'


def inline_css(html: str) -> str:
    """Every styled tag of `html` with its rule in a style attribute."""
    return TAG.sub(_inline, html)
