"""Wagtail's database search backend, with headlines weighted above body text on SQLite.

On PostgreSQL the backend already ranks by field weight (the page title is boosted).
SQLite's FTS5 ranks with bm25() over the whole index row, so a word in the headline
counted no more than the same word deep in the body; `search_sqlite` gives bm25()
column weights.
"""

from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        from .search_sqlite import WeightedSQLiteSearchBackend

        return WeightedSQLiteSearchBackend(params)
    return backend
