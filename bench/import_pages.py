"""The import's evaluation set: 40 article pages in 5 site styles, written by the project.

Each page is generated from an article (headline, paragraphs, headings, a quotation) the
generator writes itself, wrapped in the furniture of one style of site: a WordPress
theme, a Ghost theme, a Wix Blog post, a plain news site, and a page heavy with menus,
share bars and comment widgets. The expected body text is the article alone.
"""

import random
from dataclasses import dataclass
from html import escape

SUBJECTS = [
    "The council",
    "The harbour authority",
    "Teachers",
    "The regional court",
    "Farmers",
    "The new mayor",
    "Residents",
    "The hospital board",
    "Engineers",
    "The ferry operator",
]
VERBS = [
    "approved",
    "questioned",
    "delayed",
    "announced",
    "rejected",
    "published",
    "funded",
    "reviewed",
    "defended",
    "extended",
]
OBJECTS = [
    "a plan to rebuild the old bridge",
    "the budget for next year",
    "new rules for the night market",
    "a study of the river's water quality",
    "the timetable for the school buses",
    "a fund for small shops",
    "the hiring of forty nurses",
    "repairs to the sea wall",
    "a survey of rents in the centre",
    "the closure of the eastern road",
]
TAILS = [
    "after a long debate on Tuesday evening",
    "despite objections from the opposition",
    "according to documents seen by this newspaper",
    "in a vote that surprised many observers",
    "following months of public meetings",
    "while the details remain unclear",
    "as costs continued to rise this spring",
    "to the relief of local businesses",
]
HEADINGS = [
    "What happens next",
    "Why it matters",
    "The cost of the plan",
    "Reactions in the town",
    "A long history",
    "What critics say",
]
SPEAKERS = [
    "Maria Santos, the council's deputy leader",
    "Jon Berg, a shop owner",
    "Dr Amina Yusuf",
    "Pierre Lambert, the harbour master",
]
NAMES = ["Ana Ruiz", "Tomas Berg", "Ines Costa", "Marc Dubois", "Lena Holm"]


@dataclass
class Article:
    title: str
    paragraphs: list[tuple[str, str]]  # (kind, text): paragraph, heading, quote
    author: str
    date: str

    @property
    def expected(self) -> str:
        return "\n".join(text for _, text in self.paragraphs)


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def article(rng: random.Random, number: int) -> Article:
    blocks = []
    for index in range(rng.randint(5, 8)):
        if index in (2, 5):
            blocks.append(("heading", rng.choice(HEADINGS) + f" ({number}.{index})"))
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        blocks.append(("paragraph", text))
        if index == 3:
            blocks.append(
                (
                    "quote",
                    f"We have waited for this decision for {rng.randint(2, 20)} years, and the town deserves it.",
                )
            )
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    return Article(
        title, blocks, rng.choice(NAMES), f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    )


def body_html(item: Article, *, lede_twice: bool = False) -> str:
    parts = []
    for index, (kind, text) in enumerate(item.paragraphs):
        if kind == "heading":
            parts.append(f"<h2>{escape(text)}</h2>")
        elif kind == "quote":
            parts.append(
                f"<blockquote><p>{escape(text)}</p><cite>{escape(SPEAKERS[index % 4])}</cite></blockquote>"
            )
        else:
            parts.append(f"<p>{escape(text)}</p>")
            if lede_twice and index == 0:
                parts.append(f"<p>{escape(text)}</p>")
    return "\n".join(parts)


def links(rng: random.Random, count: int) -> str:
    return "".join(
        f'<li><a href="/story-{rng.randint(1, 999)}">{escape(sentence(rng)[:60])}</a></li>'
        for _ in range(count)
    )


def comments(rng: random.Random, count: int) -> str:
    return "".join(
        f'<li class="comment"><p class="comment-author">{rng.choice(NAMES)} says:</p><p>{escape(sentence(rng))}</p><a href="#reply">Reply</a></li>'
        for _ in range(count)
    )


def head(item: Article, extra: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(item.title)}</title>'
        f'<meta property="og:title" content="{escape(item.title)}">'
        f'<meta property="article:published_time" content="{item.date}T08:00:00Z">{extra}</head>'
    )


def wordpress(item: Article, rng: random.Random) -> str:
    return head(item) + (
        f'<body class="single"><a class="skip-link" href="#content">Skip to content</a><header><nav><ul>{links(rng, 6)}</ul></nav></header>'
        f'<main id="content"><article><h1 class="entry-title">{escape(item.title)}</h1><p class="meta">Posted on {item.date} by {item.author}</p>'
        f'<div class="entry-content">{body_html(item)}<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">X</a></li></ul></div>'
        f'<div class="jp-relatedposts"><h3>Related</h3><ul>{links(rng, 3)}</ul></div></div></article>'
        f'<section id="comments"><h2>3 thoughts on “{escape(item.title)}”</h2><ol>{comments(rng, 3)}</ol><h3>Leave a Reply</h3></section></main>'
        f"<aside><h2>Recent Posts</h2><ul>{links(rng, 5)}</ul><h2>Categories</h2><ul>{links(rng, 4)}</ul></aside><footer>Proudly powered by WordPress</footer></body></html>"
    )


def ghost(item: Article, rng: random.Random) -> str:
    return head(item) + (
        f'<body><header class="gh-head"><nav><ul>{links(rng, 5)}</ul></nav><a href="#/portal/signin">Sign in</a><a href="#/portal/signup">Subscribe</a></header>'
        f'<main><article class="gh-article"><header><h1>{escape(item.title)}</h1><p class="gh-excerpt">{escape(sentence(rng))}</p>'
        f'<p class="gh-byline">{item.author} · {item.date} · 3 min read</p></header><section class="gh-content">{body_html(item)}</section>'
        f'<section class="gh-cta"><h2>Sign up for our newsletter</h2><p>Enter your email address</p><form><input type="email"><button>Subscribe</button></form></section></article>'
        f'<section class="gh-readmore"><h3>Read more</h3><ul>{links(rng, 3)}</ul></section></main><footer>Powered by Ghost</footer></body></html>'
    )


def wix(item: Article, rng: random.Random) -> str:
    return head(item) + (
        f'<body><a href="#main">Skip to Main Content</a><p>top of page</p><header><nav><ul>{links(rng, 5)}</ul></nav><p>Log In</p></header>'
        f'<main id="main"><p>Ancre 1</p><article><h1>{escape(item.title)}</h1><p>{item.author}</p><p>{item.date}</p><p>2 min read</p>'
        f"{body_html(item, lede_twice=True)}</article><ul><li>Facebook</li><li>X (Twitter)</li><li>LinkedIn</li></ul>"
        f"<section><h2>Recent Posts</h2><p>See All</p><ul>{links(rng, 3)}</ul></section>"
        f"<section><h2>Comments</h2><p>Rated 0 out of 5 stars.</p><p>No ratings yet</p><p>Add a rating</p></section></main>"
        f"<footer><ul><li>Télégramme</li><li>Youtube</li><li>Instagram</li><li>Facebook Social Icône</li></ul><p>bottom of page</p></footer></body></html>"
    )


def news(item: Article, rng: random.Random) -> str:
    return head(item) + (
        f'<body><div class="cookie-banner"><p>We use cookies to give you the best experience. By continuing you accept our use of cookies.</p><button>Accept</button></div>'
        f'<header><nav><ul>{links(rng, 8)}</ul></nav></header><main><nav class="breadcrumbs"><a href="/">Home</a> › <a href="/city">City</a></nav>'
        f'<article><h1>{escape(item.title)}</h1><p class="byline">By {item.author}, {item.date}</p>{body_html(item)}</article>'
        f"<aside><h2>Most read</h2><ol>{links(rng, 5)}</ol></aside></main><footer><p>© 2025 The Daily Example</p></footer></body></html>"
    )


def heavy(item: Article, rng: random.Random) -> str:
    share = '<div class="share"><a href="#">Share</a><a href="#">Tweet</a><a href="#">Email</a><a href="#">Print</a></div>'
    return head(item) + (
        f'<body><header><nav class="mega"><ul>{links(rng, 30)}</ul></nav></header><div class="cookie"><p>This site uses cookies. Accept all cookies to continue, or manage your consent.</p></div>'
        f'<main><article><h1>{escape(item.title)}</h1>{share}<p class="byline">{item.author} | Updated {item.date}</p>{body_html(item)}{share}'
        f'<div class="newsletter"><p>Subscribe to our newsletter for the latest news.</p></div></article>'
        f'<section class="related"><h2>You may also like</h2><ul>{links(rng, 6)}</ul></section>'
        f'<section class="comments"><h2>12 Comments</h2><ul>{comments(rng, 6)}</ul><p>Log in to comment</p></section></main>'
        f"<footer><ul>{links(rng, 15)}</ul></footer></body></html>"
    )


STYLES = {"wordpress": wordpress, "ghost": ghost, "wix": wix, "news": news, "heavy": heavy}


def evaluation_set(per_style: int = 8, seed: int = 13) -> list[tuple[str, str, str]]:
    """(style, page HTML, expected body text) for every page, the same on every run."""
    rng = random.Random(seed)
    pages = []
    for style, render in STYLES.items():
        for number in range(per_style):
            item = article(rng, number)
            pages.append((style, render(item, rng), item.expected))
    return pages
