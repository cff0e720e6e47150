"""Shared set-up for the benchmarks: a throw-away data directory and Django on SQLite (WAL)."""

import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


def setup_django() -> str:
    """Point Masthead at a fresh temporary data directory, migrate it and load the demo."""
    data_dir = tempfile.mkdtemp(prefix="masthead-bench-")
    os.environ["MASTHEAD_DATA_DIR"] = data_dir
    # In-process figures are render costs: the page cache would answer repeats.
    os.environ.setdefault("MASTHEAD_PAGE_CACHE", "off")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    articles, comments = (
        int(os.environ.get("BENCH_ARTICLES", 0)),
        int(os.environ.get("BENCH_COMMENTS", 0)),
    )
    if articles or comments:
        from masthead.demo.generate import generate_content

        result = generate_content(articles=articles, comments=comments)
        print(
            f"== Generated {result.articles} articles and {result.comments} comments in {result.seconds:.0f} s"
        )
    return data_dir


def data_size() -> str:
    from masthead.comments.models import Comment
    from masthead.news.models import ArticlePage

    return f"{ArticlePage.objects.count()} articles, {Comment.objects.count()} comments"


@dataclass(frozen=True)
class Timing:
    label: str
    samples: list[float]
    wall: float

    @property
    def throughput(self) -> float:
        return len(self.samples) / self.wall

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) * 1000

    def line(self) -> str:
        return (
            f"{self.label:<44} {len(self.samples):>6} req  {self.throughput:>9.1f} req/s  "
            f"p50 {self.p50:>7.2f} ms  p99 {self.percentile(0.99):>7.2f} ms"
        )


def timed(label: str, action: Callable[[], object], count: int) -> Timing:
    samples = []
    started = time.perf_counter()
    for _ in range(count):
        begin = time.perf_counter()
        action()
        samples.append(time.perf_counter() - begin)
    return Timing(label, samples, time.perf_counter() - started)


def resident_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
