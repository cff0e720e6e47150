"""Article search on SQLite: the FTS5 index drives (CROSS JOIN fixes SQLite's join order)
and bm25 with the headline weighted ranks (see search_ranked for the limits).

Imported only on SQLite: modelsearch defines its FTS5 model for that database alone.
"""

from dataclasses import dataclass

from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry

from .search_ranked import ENTRIES, TITLE_WEIGHT, RankedSearch, page_joins

FTS = SQLiteFTSIndexEntry._meta.db_table


@dataclass
class ArticleSearch(RankedSearch):
    def match(self) -> str:
        return "{title body} : (" + " AND ".join(f'"{word}"' for word in self.words) + ")"

    def from_clause(self) -> str:
        return f"FROM {FTS} CROSS JOIN {ENTRIES} ON {ENTRIES}.id = {FTS}.rowid {page_joins('CROSS JOIN')}"

    def matches(self) -> tuple[str, list]:
        newest = (
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s"  # noqa: S608 - table names from model metadata; values are parameters
        )
        return (
            f"{FTS} MATCH %s AND {FTS}.rowid >= COALESCE(({newest}), 0)",
            [self.match(), self.match(), self.window_offset()],
        )

    def rank(self) -> tuple[str, list]:
        return f"bm25({FTS}, 1.0, 1.0, {TITLE_WEIGHT})", []
