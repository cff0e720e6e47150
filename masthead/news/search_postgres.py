"""Article search on PostgreSQL: the GIN indexes on the title and body vectors drive, and
ts_rank with the headline weighted ranks (see search_ranked for the limits).

Each word must be in the headline or the body (`title @@ word OR body @@ word`, which
the two indexes answer), where Wagtail's backend matched `title || body`, which no index
covers. Words the text-search configuration drops (stop words such as "the") are left
out of the query, as Wagtail's backend leaves them out.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import connection

from wagtail.search.backends import get_search_backend

from .search_ranked import ENTRIES, TITLE_WEIGHT, RankedSearch, page_joins


def tsquery() -> str:
    """plainto_tsquery in the configuration the index was built with."""
    config = getattr(get_search_backend(), "config", None)
    return "plainto_tsquery(%s)" if config is None else f"plainto_tsquery('{config}', %s)"


@dataclass
class ArticleSearch(RankedSearch):
    @cached_property
    def terms(self) -> list[str]:
        """The words that mean something to the text-search configuration."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM unnest(%s::text[]) AS word WHERE numnode({tsquery() % 'word'}) > 0",  # noqa: S608 - no outside value in the SQL text
                [self.words],
            )
            return [row[0] for row in cursor.fetchall()]

    def from_clause(self) -> str:
        return f"FROM {ENTRIES} {page_joins('JOIN')}"

    def match(self, table: str) -> tuple[str, list]:
        if not self.terms:
            return "FALSE", []
        query = tsquery()
        word = f"({table}.title @@ {query} OR {table}.body @@ {query})"
        return " AND ".join([word] * len(self.terms)), [t for t in self.terms for _ in (1, 2)]

    def matches(self) -> tuple[str, list]:
        match, params = self.match(ENTRIES)
        newest_match, newest_params = self.match("newest")
        newest = f"SELECT newest.id FROM {ENTRIES} AS newest WHERE {newest_match} ORDER BY newest.id DESC LIMIT 1 OFFSET %s"  # noqa: S608 - table names from model metadata; values are parameters
        return (
            f"{match} AND {ENTRIES}.id >= COALESCE(({newest}), 0)",
            [*params, *newest_params, self.window_offset()],
        )

    def rank(self) -> tuple[str, list]:
        query, words = tsquery(), " ".join(self.terms)
        return (
            f"ts_rank({ENTRIES}.title, {query}) * %s + ts_rank({ENTRIES}.body, {query}) DESC",
            [words, TITLE_WEIGHT, words],
        )
