"""What `make soak` prints at the end, and the bounds that decide its exit status.

Bounds:
- no failed request (status >= 400, timeout, connection error) outside the warm-up and
  the fault windows (a fault's duration plus GRACE seconds);
- the steady state's p99 under SOAK_P99_MS for every kind of request;
- the killed worker replaced by Granian;
- the resident memory of every worker that lived through the run grown < 10 %;
- comments: none answered 201 and not stored; none stored beyond the posts whose answer
  never came (a post cut off by the kill or held by the pause may still be stored).
"""

import os
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bench.traffic import Outcome, percentile, summary_lines

GRACE = 5.0  # seconds after a fault that still count as its window
MEMORY_GROWTH = 0.10


@dataclass(frozen=True)
class Fault:
    name: str
    began: float
    ended: float
    pid: int | None = None
    respawned: bool = True

    def touches(self, outcome: Outcome) -> bool:
        return (
            outcome.started <= self.ended + GRACE
            and outcome.started + outcome.seconds >= self.began
        )


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def split_by_fault(outcomes: list[Outcome], faults: list[Fault]):
    steady = [o for o in outcomes if not any(fault.touches(o) for fault in faults)]
    during = {fault.name: [o for o in outcomes if fault.touches(o)] for fault in faults}
    return steady, during


def print_requests(steady: list[Outcome], during: dict[str, list[Outcome]], faults) -> None:
    print("-- steady state (outside the warm-up and the fault windows)")
    print("\n".join(summary_lines(steady)))
    for fault in faults:
        extra = ""
        if fault.pid:
            extra = f", pid {fault.pid}, " + (
                f"replaced in {fault.ended - fault.began:.1f} s"
                if fault.respawned
                else "NOT replaced"
            )
        print(f"-- {fault.name} ({fault.ended - fault.began:.1f} s{extra}; window + {GRACE:.0f} s)")
        if during[fault.name]:
            print("\n".join(summary_lines(during[fault.name])))


def print_memory(start: dict[int, float], end: dict[int, float]) -> list[float]:
    """Each worker's resident memory; the growth of those alive at both ends."""
    growths = []
    print("-- resident memory per worker (MB): start (after warm-up) -> end")
    for pid in sorted(set(start) | set(end)):
        if pid in start and pid in end:
            growth = end[pid] / start[pid] - 1
            growths.append(growth)
            print(f"  pid {pid}: {start[pid]:.1f} -> {end[pid]:.1f} ({growth:+.1%})")
        elif pid in start:
            print(f"  pid {pid}: {start[pid]:.1f} -> killed")
        else:
            print(f"  pid {pid}: started during the run -> {end[pid]:.1f}")
    return growths


def comment_counts(outcomes: list[Outcome], stored: int) -> tuple[int, int, int]:
    posts = [o for o in outcomes if o.kind == "comment post"]
    created = sum(o.status == 201 for o in posts)
    unanswered = sum(o.error is not None for o in posts)
    refused = Counter(o.status for o in posts if o.status not in (None, 201))
    print(
        f"-- comments: {len(posts)} posted, {created} answered 201, {stored} stored, "
        f"{unanswered} without an answer (timeout/connection), refused {dict(refused) or 'none'}"
    )
    return created, unanswered, stored


def print_log(log: str) -> None:
    errors = [line for line in log.splitlines() if "ERROR" in line or "Traceback" in line]
    print(f"-- server log: {len(errors)} error lines" + (":" if errors else ""))
    for line in errors[:5]:
        print(f"  {line[:160]}")


def bounds(soak, steady, growths, counts) -> list[tuple[str, bool]]:
    created, unanswered, stored = counts
    p99_bound = float(os.environ.get("SOAK_P99_MS", 2000))
    worst_p99 = max(
        (
            percentile([o.seconds * 1000 for o in steady if o.kind == kind], 0.99)
            for kind in {o.kind for o in steady}
        ),
        default=0.0,
    )
    failures = Counter(o.failure for o in steady if o.failure)
    return [
        (f"no failure in the steady state ({dict(failures) or 'none'})", not failures),
        (
            f"steady p99 of every kind < {p99_bound:.0f} ms (worst {worst_p99:.0f} ms)",
            worst_p99 < p99_bound,
        ),
        ("the killed worker was replaced", all(f.respawned for f in soak.faults)),
        (
            f"memory growth < {MEMORY_GROWTH:.0%} (worst {max(growths, default=0):+.1%})",
            bool(growths) and max(growths) < MEMORY_GROWTH,
        ),
        (
            f"comments stored ({stored}) == answered 201 ({created})"
            + (f", {unanswered} unanswered may be stored" if unanswered else ""),
            created <= stored <= created + unanswered,
        ),
    ]


def report(soak, stored: int, log: str) -> int:
    outcomes = soak.recorder.snapshot()
    steady, during = split_by_fault(outcomes, soak.faults)
    print_requests(steady, during, soak.faults)
    growths = print_memory(soak.memory_start, soak.memory_end)
    counts = comment_counts(outcomes, stored)
    print_log(log)
    results = bounds(soak, steady, growths, counts)
    print("-- bounds")
    for label, held in results:
        print(f"  {'ok  ' if held else 'FAIL'} {label}")
    return 0 if all(held for _label, held in results) else 1
