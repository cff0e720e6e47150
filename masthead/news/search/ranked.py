"""Article search in a bounded number of index reads, whatever the archive's size.

Wagtail's database backends filter articles with the full-text match and rank every
match: on SQLite that drove the join from the article table (minutes for a word found in
every one of 100,000 articles), on PostgreSQL it matched `title || body`, which no index
covers (half a second at 100,000). Each database here has one statement over Masthead's
own index (search.models and migration 0006) in which the full-text index drives, ranking with the headline weighted, with the page filters in the
same query, and two deliberate limits bound the work for very common words:

- results are counted up to COUNT_LIMIT ("more than 1,000"), and
- a word matching more than RANK_WINDOW index entries is ranked among the RANK_WINDOW
  newest articles (by page id: the order they were created) that contain it: a newsroom's reader searching "election" wants this
  year's stories first, and older ones stay reachable through the section and month
  archives (filters narrow the ranked window; they do not widen it). The window is the
  count's cap, so the pages a reader can turn through are exactly the ranked entries;
  ranking the window is most of a statement's cost (on SQLite at 100,000 articles, a
  word in every one took 58 ms with a window of 5,000, 24 ms with 1,000).

`sqlite` holds SQLite's statement (FTS5, bm25) and `postgres` PostgreSQL's (tsvector,
ts_rank); this module what they share.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from .models import ArticleSearchText

COUNT_LIMIT = 1000
RANK_WINDOW = COUNT_LIMIT
TITLE_WEIGHT = 10.0
TEXTS = ArticleSearchText._meta.db_table


def page_joins(join: str, page_id: str) -> str:
    """From an index row to its page and article (SQLite's CROSS JOIN keeps this order)."""
    return (
        f"{join} wagtailcore_page ON wagtailcore_page.id = {page_id} "
        f"{join} news_articlepage ON news_articlepage.page_ptr_id = wagtailcore_page.id"
    )


@dataclass(frozen=True)
class Hit:
    pk: int


@dataclass
class RankedSearch:
    """A lazily run search the paginator can count and slice; subclasses give the SQL."""

    words: list[str]
    section_path: str | None = None
    section_depth: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    restricted_paths: tuple[str, ...] = ()
    _count: int | None = field(default=None, init=False)

    def window(self) -> tuple[str, list]:
        """A WITH clause that chooses the ranked window before any join, or nothing."""
        return "", []

    def from_clause(self) -> str:
        raise NotImplementedError

    def matches(self) -> tuple[str, list]:
        """The full-text condition, and the newest RANK_WINDOW entries it selects."""
        raise NotImplementedError

    def rank(self) -> tuple[str, list]:
        """An ORDER BY expression, best match first."""
        raise NotImplementedError

    @staticmethod
    def window_size() -> int:
        """RANK_WINDOW, read when the statement is built (tests narrow it)."""
        return RANK_WINDOW

    def window_offset(self) -> int:
        """The offset of the oldest entry in the ranked window, newest first."""
        return self.window_size() - 1

    def conditions(self) -> tuple[str, list]:
        sql, params = self.matches()
        sql = [sql, "wagtailcore_page.live"]
        if self.section_path:
            sql += ["wagtailcore_page.path LIKE %s", "wagtailcore_page.depth = %s"]
            params += [self.section_path + "%", self.section_depth + 1]
        for bound, operator in ((self.start, ">="), (self.end, "<")):
            if bound is not None:
                sql.append(f"news_articlepage.publication_date {operator} %s")
                params.append(connection.ops.adapt_datetimefield_value(bound))
        for path in self.restricted_paths:
            sql.append("wagtailcore_page.path NOT LIKE %s")
            params.append(path + "%")
        return " AND ".join(sql), params

    def count(self) -> int:
        if self._count is None:
            window, window_params = self.window()
            where, params = self.conditions()
            sql = f"{window}SELECT count(*) FROM (SELECT 1 {self.from_clause()} WHERE {where} LIMIT %s) AS hits"  # noqa: S608 - table names from model metadata; values are parameters
            with connection.cursor() as cursor:
                cursor.execute(sql, [*window_params, *params, COUNT_LIMIT])
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Hit]:
        window, window_params = self.window()
        where, params = self.conditions()
        rank, rank_params = self.rank()
        offset = page.start or 0
        sql = (
            f"{window}SELECT news_articlepage.page_ptr_id {self.from_clause()} WHERE {where} "  # noqa: S608 - as above
            f"ORDER BY {rank}, news_articlepage.publication_date DESC LIMIT %s OFFSET %s"
        )
        params = [*window_params, *params, *rank_params, page.stop - offset, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [Hit(row[0]) for row in cursor.fetchall()]
