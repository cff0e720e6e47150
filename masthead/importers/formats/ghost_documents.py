"""Ghost's editor documents (Lexical, Mobiledoc) to HTML, for exports without `html`.

Only what an article body keeps: paragraphs, headings, quotations, lists, images, links,
bold and italic, and HTML cards. The HTML then goes through the same conversion and nh3.
"""

from html import escape

LEXICAL_BOLD, LEXICAL_ITALIC = 1, 2
LEXICAL_TAGS = {"paragraph": "p", "quote": "blockquote", "listitem": "li"}


def lexical_to_html(document: dict) -> str:
    return "".join(lexical_node(node) for node in document.get("root", {}).get("children", []))


def lexical_children(node: dict) -> str:
    return "".join(lexical_node(child) for child in node.get("children", []))


def lexical_node(node: dict) -> str:
    kind = node.get("type")
    if kind == "text":
        return lexical_text(node)
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{escape(node.get("url", ""))}">{lexical_children(node)}</a>'
    if kind == "heading":
        tag = node.get("tag", "h2")
        return f"<{tag}>{lexical_children(node)}</{tag}>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{lexical_children(node)}</{tag}>"
    if kind == "image":
        return image_html(node.get("src", ""), node.get("altText", ""), node.get("caption", ""))
    if kind == "html":
        return node.get("html", "")
    tag = LEXICAL_TAGS.get(kind)
    return f"<{tag}>{lexical_children(node)}</{tag}>" if tag else lexical_children(node)


def lexical_text(node: dict) -> str:
    text = escape(node.get("text", ""))
    if node.get("format", 0) & LEXICAL_BOLD:
        text = f"<b>{text}</b>"
    if node.get("format", 0) & LEXICAL_ITALIC:
        text = f"<i>{text}</i>"
    return text


def image_html(src: str, alt: str, caption: str) -> str:
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{escape(src)}" alt="{escape(alt)}">{figcaption}</figure>'


def mobiledoc_to_html(document: dict) -> str:
    markups = document.get("markups", [])
    cards = document.get("cards", [])
    return "".join(
        mobiledoc_section(section, markups, cards) for section in document.get("sections", [])
    )


def mobiledoc_section(section: list, markups: list, cards: list) -> str:
    kind = section[0]
    if kind == 1:  # a markup section: p, h2, blockquote…
        tag = str(section[1]).lower()
        return f"<{tag}>{mobiledoc_markers(section[2], markups)}</{tag}>"
    if kind == 3:  # a list section
        tag = str(section[1]).lower()
        items = "".join(f"<li>{mobiledoc_markers(item, markups)}</li>" for item in section[2])
        return f"<{tag}>{items}</{tag}>"
    if kind == 10 and section[1] < len(cards):  # a card
        name, payload = cards[section[1]][0], cards[section[1]][1]
        if name == "image":
            return image_html(
                payload.get("src", ""), payload.get("alt", ""), payload.get("caption", "")
            )
        if name == "html":
            return payload.get("html", "")
    return ""


def mobiledoc_markers(markers: list, markups: list) -> str:
    """Mobiledoc's markers open markups by index and close the last N opened."""
    html, open_tags = [], []
    for _kind, opens, closes, text in markers:
        for index in opens:
            tag, *attributes = markups[index]
            href = attributes[0][1] if tag == "a" and attributes and len(attributes[0]) > 1 else ""
            html.append(f'<a href="{escape(href)}">' if tag == "a" else f"<{tag}>")
            open_tags.append(tag)
        html.append(escape(text))
        for _ in range(closes):
            html.append(f"</{open_tags.pop()}>")
    return "".join(html)
