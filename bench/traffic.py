"""Readers and commenters as HTTP clients, every request timed and classified, for
bench/stall.py and bench/soak.py.

Each request is one `Outcome`: what it was (its kind), when it started, how long it took,
and either its status code or what went wrong ("timeout", "connection"). Nothing here
retries: a request that failed is counted as failed, once.
"""

import http.client
import json
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

TIMEOUT = 10.0  # seconds: past this a request counts as a timeout


@dataclass(frozen=True)
class Outcome:
    kind: str
    started: float  # time.monotonic()
    seconds: float
    status: int | None = None
    error: str | None = None
    body: bytes = b""

    @property
    def failure(self) -> str | None:
        """None for an answer in the 2xx/3xx range, else what the failure was."""
        if self.error:
            return self.error
        return None if self.status < 400 else str(self.status)


class Recorder:
    """Every outcome of a run, from any thread."""

    def __init__(self):
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()

    def add(self, outcome: Outcome) -> Outcome:
        with self.lock:
            self.outcomes.append(outcome)
        return outcome

    def snapshot(self) -> list[Outcome]:
        with self.lock:
            return list(self.outcomes)


class Client:
    """One HTTP/1.1 connection to the server, kept alive like a browser's (keep=True) or
    opened for a single request like a script's (keep=False)."""

    def __init__(self, base_url: str, recorder: Recorder, *, keep: bool, timeout=TIMEOUT):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.recorder, self.keep, self.timeout = recorder, keep, timeout
        self.connection: http.client.HTTPConnection | None = None

    def request(self, kind: str, method: str, path: str, body=None, headers=None) -> Outcome:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            content = response.read()
        except TimeoutError:
            return self.failed(kind, started, "timeout")
        except (OSError, http.client.HTTPException):
            return self.failed(kind, started, "connection")
        if not self.keep or response.will_close:
            self.close()
        outcome = Outcome(kind, started, time.monotonic() - started, response.status, body=content)
        return self.recorder.add(outcome)

    def failed(self, kind: str, started: float, error: str) -> Outcome:
        self.close()
        return self.recorder.add(Outcome(kind, started, time.monotonic() - started, error=error))

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def post_comment(base_url: str, recorder: Recorder, article_id: int, text: str, typing=0.0):
    """A reader commenting as the page's script does: a token (GET), the time to type,
    then the post (JSON answer), each on a connection of its own. The post's Outcome."""
    client = Client(base_url, recorder, keep=False)
    answer = client.request("token", "GET", f"/comments/{article_id}/token/")
    if answer.failure:
        return None
    time.sleep(typing)
    form = {
        "name": "Soak reader",
        "body": text,
        "rating": str(len(text) % 5 + 1),
        "token": json.loads(answer.body)["token"],
    }
    return client.request(
        "comment post",
        "POST",
        f"/comments/{article_id}/",
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        },
    )


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary_lines(outcomes: list[Outcome]) -> list[str]:
    """Per kind of request: count, p50/p99/max in ms, and the failures by kind."""
    lines = [f"  {'request':<26} {'count':>7} {'p50 ms':>8} {'p99 ms':>9} {'max ms':>9}  errors"]
    for kind in sorted({outcome.kind for outcome in outcomes}):
        mine = [outcome for outcome in outcomes if outcome.kind == kind]
        seconds = [outcome.seconds * 1000 for outcome in mine]
        failures = Counter(outcome.failure for outcome in mine if outcome.failure)
        errors = ", ".join(f"{name} {count}" for name, count in sorted(failures.items()))
        lines.append(
            f"  {kind:<26} {len(mine):>7} {statistics.median(seconds):>8.1f} "
            f"{percentile(seconds, 0.99):>9.1f} {max(seconds):>9.1f}  {errors or 'none'}"
        )
    return lines


def failures_by_kind(outcomes: list[Outcome]) -> Counter:
    return Counter(outcome.failure for outcome in outcomes if outcome.failure)
