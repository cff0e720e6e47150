"""Site-wide values (settings rows) kept in process memory until the site changes.

Every change to site or comment settings bumps the `site` tag (handlers.py), so the
version store that validates cached pages also says when a kept value is out of date,
in every process, for the cost of a memory read. Used on hot write paths (a comment
post) that would otherwise read the same settings row on every request.
"""

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from . import tags
from .http import enabled
from .store import page_cache
from .versions import slots_of

Value = TypeVar("Value")
SITE_SLOTS = slots_of([tags.SITE])

_kept: dict[Hashable, tuple[int, object]] = {}
_lock = threading.Lock()


def site_wide(key: Hashable, load: Callable[[], Value]) -> Value:
    """`load()`, or what it gave last time if nothing site-wide changed since."""
    if not enabled():
        return load()
    versions = page_cache().versions
    current = versions.newest(SITE_SLOTS)
    kept = _kept.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = load()  # the version was read first: a change meanwhile makes this stale
    with _lock:
        _kept[key] = (current, value)
    return value


def forget() -> None:
    with _lock:
        _kept.clear()
