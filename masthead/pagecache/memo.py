"""Values kept in process memory until one of the page-cache tags they depend on moves.

The version store that validates cached pages also says when a kept value is out of
date, in every process, for the cost of a memory read. Used on hot paths that would
otherwise read the same rows on every request: settings and the live sections (the
`site` tag: every change to them bumps it, handlers.py), and the article a comment is
posted to (its page tag and the site tag).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from . import tags
from .http import enabled
from .store import page_cache
from .versions import slots_of

Value = TypeVar("Value")
# The most values a process keeps; the least recently used go first.
MAX_KEPT = 10_000

_kept: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
_lock = threading.Lock()


def kept_until_changed(
    key: Hashable, depends_on: Iterable[str], load: Callable[[], Value]
) -> Value:
    """`load()`, or what it gave last time if none of the `depends_on` tags moved since.

    None (nothing found) is not kept: creating what was missing need not bump a tag.
    """
    if not enabled():
        return load()
    current = page_cache().versions.newest(slots_of(depends_on))
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
    return kept_until_changed(key, (tags.SITE,), load)


def forget() -> None:
    with _lock:
        _kept.clear()
