"""What a cached page depends on: the names, and how a page declares them while it renders.

A change bumps the dependencies it touches, and every cached page that declared one of
them is rendered afresh on its next request. The names are deliberately few and coarse
enough to be known without a query. Views and page models call `depends_on(request, ...)`;
a response that declared nothing is never cached, so a page nobody thought about is
always rendered fresh.
"""

from django.http import HttpRequest

# Anything shown on every page: site settings, the section menu, author profiles, images.
SITE = "site"
# Every list of articles across sections: the front page, archives, search, site feeds.
ARTICLES = "articles"
# The front page's "most discussed" and "top rated" lists.
RANKINGS = "rankings"

ATTRIBUTE = "_pagecache_tags"


def page(page_id: int) -> str:
    return f"page:{page_id}"


def section(section_id: int) -> str:
    """The articles filed under a section: its page, its feeds, related-article boxes."""
    return f"section:{section_id}"


def topic(slug: str) -> str:
    """The articles a reader-facing tag (a topic) lists."""
    return f"tag:{slug}"


def author(author_id: int) -> str:
    return f"author:{author_id}"


def discussion(article_id: int) -> str:
    """An article's approved comments and its rating totals."""
    return f"discussion:{article_id}"


def depends_on(request: HttpRequest, *names: str) -> None:
    declared = getattr(request, ATTRIBUTE, None)
    if declared is None:
        declared = {SITE}
        setattr(request, ATTRIBUTE, declared)
    declared.update(names)


def declared_tags(request: HttpRequest) -> frozenset[str]:
    return frozenset(getattr(request, ATTRIBUTE, ()))
