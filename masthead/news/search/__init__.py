"""Reader search: Masthead's own full-text index of live articles, and the statements
that read it.

- `models`: the text of each live article (headline, body, tags), the table the
  full-text index is built on; `migrations/0006_search_index` adds the index itself
  (an FTS5 table on SQLite, generated tsvector columns with GIN indexes on PostgreSQL).
- `index`: the writes (one article, a batch, a rebuild); `signals` calls them when an
  article is published, edited, unpublished or deleted.
- `ranked`, `sqlite`, `postgres`: one bounded statement per database.
- `forms` and `results`: a reader's query in, a page of hits with snippets out.

Wagtail's search backend still indexes every page for the admin's search; reader
search never reads its tables. This module imports nothing, so that `news.models` can
register the search model without a cycle.
"""
