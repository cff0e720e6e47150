"""Values kept in process memory until one of the page-cache dependencies they name moves.

The version store that validates cached pages also says when a kept value is out of
date, in every process, for the cost of a memory read. Used on hot paths that would
otherwise read the same rows on every request: settings and the live sections (the
`site` dependency: every change to them bumps it, see each app's signals.py), and the
article a comment is posted to (its page and the site). With the page cache off, or
while its versions are unreachable (Redis down), nothing is kept or reused: every call
loads afresh, which costs queries but is never out of date.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from masthead.pagecache import dependencies
from masthead.pagecache.invalidation import last_changed
from masthead.resilience.breaker import Unavailable

Value = TypeVar("Value")
# The most values a process keeps; the least recently used go first.
MAX_KEPT = 10_000

_kept: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
_lock = threading.Lock()


def kept_until_changed(
    key: Hashable, depends_on: Iterable[str], load: Callable[[], Value]
) -> Value:
    """`load()`, or what it gave last time if none of the `depends_on` names moved since.

    None (nothing found) is not kept: creating what was missing need not bump anything.
    """
    try:
        current = last_changed(depends_on)
    except Unavailable:
        current = None
    if current is None:
        return load()
    kept = _kept.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = load()  # the version was read first: a change meanwhile makes this stale
    if value is not None:
        with _lock:
            _kept[key] = (current, value)
            _kept.move_to_end(key)
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    return value


def site_wide(key: Hashable, load: Callable[[], Value]) -> Value:
    """`load()`, or what it gave last time if nothing site-wide changed since."""
    return kept_until_changed(key, (dependencies.SITE,), load)


def forget() -> None:
    with _lock:
        _kept.clear()
