"""Circuit breakers: after a service fails, skip it for a while instead of waiting on it.

Without one, a Redis or a database that stopped answering costs every request a timeout.
With one, the first failure opens the breaker: for `retry_seconds` every call is refused
at once (the caller goes on without the service, or answers 503), then one call is let
through to try again. Its success closes the breaker. An outage is therefore one slow
call per interval and per process, and one log line when it starts and one when it ends.

State is per process: each worker finds out for itself, at the cost of one failure.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

logger = logging.getLogger(__name__)
Result = TypeVar("Result")
# How long a failing service is skipped before the next try when settings say nothing.
DEFAULT_RETRY_SECONDS = 5.0


class Unavailable(Exception):
    """A service is down (its breaker is open), or just failed: go on without it."""

    def __init__(self, service: str, retry_after: float):
        super().__init__(f"{service} is unavailable")
        self.service = service
        self.retry_after = retry_after


def retry_seconds() -> float:
    return float(getattr(settings, "MASTHEAD_OUTAGE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))


class Breaker:
    """One service's breaker: closed (calls go through), or open until a moment.

    `errors` are the exceptions that mean the service is unreachable; anything else a
    call raises is the caller's business and passes through untouched.
    """

    def __init__(
        self,
        service: str,
        errors: tuple[type[BaseException], ...] = (OSError,),
        clock: Callable[[], float] = time.monotonic,
    ):
        self.service = service
        self.errors = errors
        self.clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._opened_at = 0.0
        self._skipped = 0

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def allow(self) -> bool:
        """Whether to call the service now. While open, one caller per interval is let
        through (the others are refused), and its outcome decides what comes next."""
        if self._open_until is None:
            return True
        with self._lock:
            if self._open_until is None:
                return True
            now = self.clock()
            if now < self._open_until:
                self._skipped += 1
                return False
            self._open_until = now + retry_seconds()
            return True

    def retry_after(self) -> float:
        """Seconds until the service is tried again (the interval when closed)."""
        open_until = self._open_until
        if open_until is None:
            return retry_seconds()
        return max(open_until - self.clock(), 0.0)

    def failed(self, error: BaseException) -> None:
        with self._lock:
            starting = self._open_until is None
            now = self.clock()
            self._open_until = now + retry_seconds()
            if starting:
                self._opened_at, self._skipped = now, 0
        if starting:
            logger.warning(
                "%s is unavailable (%s: %s); going on without it, trying again every %g s",
                self.service,
                type(error).__name__,
                error,
                retry_seconds(),
            )

    def succeeded(self) -> None:
        if self._open_until is None:
            return
        with self._lock:
            if self._open_until is None:
                return
            self._open_until = None
            lasted, skipped = self.clock() - self._opened_at, self._skipped
        logger.info(
            "%s is back after %.0f s; %d calls went without it meanwhile",
            self.service,
            lasted,
            skipped,
        )

    def reset(self) -> None:
        """Closed again without a word: for a test that must not inherit another's outage."""
        with self._lock:
            self._open_until, self._skipped = None, 0

    def call(self, function: Callable[..., Result], *args, **kwargs) -> Result:
        """`function(*args, **kwargs)`, or Unavailable at once while the breaker is open."""
        if not self.allow():
            raise Unavailable(self.service, self.retry_after())
        try:
            result = function(*args, **kwargs)
        except self.errors as error:
            self.failed(error)
            raise Unavailable(self.service, self.retry_after()) from error
        self.succeeded()
        return result
