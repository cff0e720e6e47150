"""Reader search's statements on the data at hand: a rare word, a common word and words
together, each timed as the search page runs them (the capped count, then the first
page of 20), with the page cache out of the way. `make bench` prints these after its
table; run alone with the benchmark's environment (MASTHEAD_DATA_DIR or DATABASE_URL):

    DJANGO_SETTINGS_MODULE=masthead.settings.dev python -m bench.search [runs]
"""

import os
import sys

import django

QUERIES = {
    "rare word": "Phoak",  # a co-chair of the demo's lead article: one article
    "common word": "talks",  # in every generated headline
    "three words": "rice plan bangkok",  # about one generated article in five (21,617 of 100,008)
}


def statements(query: str) -> int:
    """What the search page asks of the database: the count, then the first page."""
    from masthead.news.search.results import search_articles

    results = search_articles(query)
    results.count()
    return len(results[0:20])


def main(runs: int) -> None:
    from bench.harness import data_size, timed

    print(f"== reader search statements, {runs} runs each, {data_size()}")
    for label, query in QUERIES.items():
        found = statements(query)  # warms the caches, as a site in use has them
        timing = timed(
            f"search {label} '{query}' ({found} on page 1)", lambda q=query: statements(q), runs
        )
        print(timing.line(), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.dev")
    os.environ["MASTHEAD_PAGE_CACHE"] = "off"
    django.setup()
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
