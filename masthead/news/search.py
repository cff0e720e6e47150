"""Full-text search over articles, with a highlighted snippet per hit.

Reader search runs one bounded statement per database (search_ranked: FTS5 on SQLite,
tsvector on PostgreSQL), or Wagtail's search backend on any other; this module turns a
reader's query into one and the results into teasers with snippets.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ArticlePage, SectionPage

MAX_QUERY_LENGTH = 200
SNIPPET_RADIUS = 110
WORD = re.compile(r"\w+", re.UNICODE)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=SectionPage.objects.none(),  # the live sections, set per form below
        required=False,
        to_field_name="slug",
        empty_label=_("All sections"),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = selectors.live_sections_query()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date comes before the start date."))
        return data

    def query(self) -> str:
        """The words of the query; punctuation alone leaves nothing to search for."""
        return " ".join(WORD.findall(self.cleaned_data.get("q", "")))


@dataclass(frozen=True)
class Hit:
    teaser: selectors.Teaser
    snippet: SafeString


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def ranked_search_class():
    """This database's bounded search statement (search_ranked), or None for Wagtail's."""
    if connection.vendor == "sqlite":
        from .search_fts import ArticleSearch  # its FTS5 model exists on SQLite alone

        return ArticleSearch
    if connection.vendor == "postgresql":
        from .search_postgres import ArticleSearch

        return ArticleSearch
    return None


def search_articles(query: str, *, section: SectionPage | None = None, start=None, end=None):
    search_class = ranked_search_class()
    if search_class is not None:
        return search_class(
            words=query.split(),
            section_path=section.path if section else None,
            section_depth=section.depth if section else None,
            start=day_start(start) if start else None,
            end=day_start(end + timedelta(days=1)) if end else None,
            restricted_paths=selectors.restricted_paths(),
        )
    articles = ArticlePage.objects.live().public()
    if section is not None:
        articles = articles.child_of(section)
    if start:
        articles = articles.filter(publication_date__gte=day_start(start))
    if end:
        articles = articles.filter(publication_date__lt=day_start(end + timedelta(days=1)))
    return articles.search(query, operator="and")


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
