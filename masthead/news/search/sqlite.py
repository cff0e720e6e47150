"""Article search on SQLite: the FTS5 index drives (CROSS JOIN fixes SQLite's join order)
and bm25 with the headline weighted ranks (see ranked for the limits).

The FTS5 table (title, body, tags) is created by migration 0006_search_index over
search.models' table; its rowid is the article's page id.
"""

from dataclasses import dataclass

from .ranked import TEXTS, TITLE_WEIGHT, RankedSearch, page_joins

FTS = f"{TEXTS}_fts"


@dataclass
class ArticleSearch(RankedSearch):
    def match(self) -> str:
        """Every word, each as a quoted string: FTS5 reads nothing in it as an operator."""
        return " AND ".join(f'"{word}"' for word in self.words)

    def from_clause(self) -> str:
        return f"FROM {FTS} {page_joins('CROSS JOIN', f'{FTS}.rowid')}"

    def matches(self) -> tuple[str, list]:
        newest = (
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s"  # noqa: S608 - table names from model metadata; values are parameters
        )
        return (
            f"{FTS} MATCH %s AND {FTS}.rowid >= COALESCE(({newest}), 0)",
            [self.match(), self.match(), self.window_offset()],
        )

    def rank(self) -> tuple[str, list]:
        # bm25's weights follow the FTS5 columns: title, body, tags (tags count as body).
        return f"bm25({FTS}, {TITLE_WEIGHT}, 1.0, 1.0)", []
