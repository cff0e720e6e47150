"""Full-text search over articles, with a highlighted snippet per hit.

Reader search runs one bounded statement per database over Masthead's own index
(ranked: FTS5 on SQLite, tsvector on PostgreSQL); this module turns a reader's query
into one and the results into teasers with snippets.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .. import selectors
from ..models import ArticlePage, SectionPage
from .ranked import RankedSearch

SNIPPET_RADIUS = 110


@dataclass(frozen=True)
class Hit:
    teaser: selectors.Teaser
    snippet: SafeString


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def ranked_search_class() -> type[RankedSearch]:
    """This database's bounded search statement (see ranked)."""
    if connection.vendor == "sqlite":
        from .sqlite import ArticleSearch

        return ArticleSearch
    if connection.vendor == "postgresql":
        from .postgres import ArticleSearch

        return ArticleSearch
    raise ImproperlyConfigured("Reader search runs on SQLite or PostgreSQL.")


def search_articles(
    query: str, *, section: SectionPage | None = None, start=None, end=None
) -> RankedSearch:
    """The live, public articles matching every word, best first; run when sliced."""
    return ranked_search_class()(
        words=query.split(),
        section_path=section.path if section else None,
        section_depth=section.depth if section else None,
        start=day_start(start) if start else None,
        end=day_start(end + timedelta(days=1)) if end else None,
        restricted_paths=selectors.restricted_paths(),
    )


def article_text(article: ArticlePage) -> str:
    parts = [article.dek]
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(strip_tags(block.value.source))
        elif block.block_type in ("heading", "quote"):
            parts.append(block.value.get("text") or block.value.get("quote", ""))
    return " ".join(part for part in parts if part)


def snippet(text: str, words: list[str]) -> SafeString:
    """The passage around the first matched word, escaped, with every match in <mark>."""
    folded = text.casefold()
    positions = [folded.find(word.casefold()) for word in words if word]
    first = min((p for p in positions if p >= 0), default=0)
    begin, end = max(0, first - SNIPPET_RADIUS), min(len(text), first + SNIPPET_RADIUS)
    passage = ("…" if begin else "") + text[begin:end] + ("…" if end < len(text) else "")
    html = escape(passage)
    pattern = re.compile("|".join(re.escape(escape(w)) for w in words if w), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html) if words else html)  # noqa: S308 - escaped above


def result_page(results, query: str, page_number: str | None) -> dict:
    """One page of hits: the search runs once for the page, then one listing query reads them."""
    page = selectors.paginate(results, page_number)
    ids = [article.pk for article in page.object_list]
    articles = selectors.articles_for_listing(with_body=True).in_bulk(ids)
    words = query.split()
    hits = [
        Hit(teaser, snippet(article_text(teaser.article), words))
        for teaser in selectors.teasers(articles[pk] for pk in ids if pk in articles)
    ]
    return {"results": page, "hits": hits, "query": query}
