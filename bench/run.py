"""`make bench`: every benchmark in turn on one throw-away database, each printing its figures.

BENCH_ARTICLES and BENCH_COMMENTS add generated content first (`make bench-scale`).
"""

import shutil

from bench import comments, pages
from bench.harness import setup_django

if __name__ == "__main__":
    data_dir = setup_django()
    try:
        pages.main()
        comments.main()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
