"""Telling the page cache, and the proxies in front, that something changed.

A change bumps its tags twice: at once, so that the rest of its own transaction and its
own process already see it, and again when the transaction commits, so that a page
rendered by another request between the two (which could still read the old rows) is
not kept. Proxies are purged after the commit.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from . import purge
from .http import enabled
from .store import page_cache

logger = logging.getLogger(__name__)


def pages_changed(*names: str, paths: Iterable[str] = ()) -> None:
    """Everything cached that depends on one of these tags is rendered afresh.

    Inside a transaction the first bump is allowed to fail loudly: the change is then
    rolled back rather than committed behind a cache that still shows the old version.
    """
    if not names or not enabled():
        return
    names, paths = tuple(set(names)), tuple(paths)
    if transaction.get_connection().in_atomic_block:
        page_cache().versions.bump(names)
        transaction.on_commit(lambda: after_commit(names, paths), robust=True)
    else:
        after_commit(names, paths)


def after_commit(names: tuple[str, ...], paths: tuple[str, ...]) -> None:
    try:
        page_cache().versions.bump(names)
    except Exception:
        logger.exception("The page cache could not be told about a change to %s", names)
    purge.purge_paths(paths)
