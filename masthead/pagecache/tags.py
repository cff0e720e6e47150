"""The names of what a cached page depends on.

A page declares the tags it was built from while it renders; a change bumps the tags it
touches, and every cached page carrying one of them is rendered afresh on its next
request. The tags are deliberately few and coarse enough to be named without a query.
"""

# Anything shown on every page: site settings, the section menu, author profiles, images.
SITE = "site"
# Every list of articles across sections: the front page, archives, search, site feeds.
ARTICLES = "articles"
# The front page's "most discussed" and "top rated" lists.
RANKINGS = "rankings"


def page(page_id: int) -> str:
    return f"page:{page_id}"


def section(section_id: int) -> str:
    """The articles filed under a section: its page, its feeds, related-article boxes."""
    return f"section:{section_id}"


def topic(slug: str) -> str:
    """A tag's articles (called topic here, not to be confused with cache tags)."""
    return f"tag:{slug}"


def author(author_id: int) -> str:
    return f"author:{author_id}"


def discussion(article_id: int) -> str:
    """An article's approved comments and its rating totals."""
    return f"discussion:{article_id}"
