"""Article search on PostgreSQL: the GIN indexes on the title and body vectors drive, and
ts_rank with the headline weighted ranks (see ranked for the limits).

The vectors are columns generated from search.models' text by migration 0006, in the
'english' configuration. Each word must be in the headline or the body
(`title @@ word OR body @@ word`, which the two indexes answer). Words the configuration
drops (stop words such as "the") are left out of the query.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import connection

from .ranked import TEXTS, TITLE_WEIGHT, RankedSearch, page_joins

# The configuration the generated vectors were built with (migration 0006).
TSQUERY = "plainto_tsquery('english'::regconfig, %s)"


@dataclass
class ArticleSearch(RankedSearch):
    @cached_property
    def terms(self) -> list[str]:
        """The words that mean something to the text-search configuration."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM unnest(%s::text[]) AS word WHERE numnode({TSQUERY % 'word'}) > 0",  # noqa: S608 - no outside value in the SQL text
                [self.words],
            )
            return [row[0] for row in cursor.fetchall()]

    def from_clause(self) -> str:
        return f"FROM {TEXTS} {page_joins('JOIN', f'{TEXTS}.page_id')}"

    def match(self, table: str) -> tuple[str, list]:
        if not self.terms:
            return "FALSE", []
        word = f"({table}.title_vector @@ {TSQUERY} OR {table}.body_vector @@ {TSQUERY})"
        return " AND ".join([word] * len(self.terms)), [t for t in self.terms for _ in (1, 2)]

    def matches(self) -> tuple[str, list]:
        match, params = self.match(TEXTS)
        newest_match, newest_params = self.match("newest")
        newest = f"SELECT newest.page_id FROM {TEXTS} AS newest WHERE {newest_match} ORDER BY newest.page_id DESC LIMIT 1 OFFSET %s"  # noqa: S608 - table names from model metadata; values are parameters
        return (
            f"{match} AND {TEXTS}.page_id >= COALESCE(({newest}), 0)",
            [*params, *newest_params, self.window_offset()],
        )

    def rank(self) -> tuple[str, list]:
        words = " ".join(self.terms)
        return (
            f"ts_rank({TEXTS}.title_vector, {TSQUERY}) * %s + ts_rank({TEXTS}.body_vector, {TSQUERY}) DESC",
            [words, TITLE_WEIGHT, words],
        )
