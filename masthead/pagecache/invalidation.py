"""Telling the page cache, and the proxies in front, that something changed; asking when.

A change bumps the dependencies it touches twice: at once, so that the rest of its own
transaction and its own process already see it, and again when the transaction commits,
so that a page rendered by another request between the two (which could still read the
old rows) is not kept. Proxies are purged after the commit.

The apps say what their changes touch (each app's signals.py) with `pages_changed()`,
`site_changed()`, `shown_on_every_page()` and `claim_page_type()`; this app knows none
of their models.
"""

import logging
from collections.abc import Iterable

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from masthead.resilience.breaker import Unavailable

from . import purge
from .dependencies import SITE
from .http import enabled
from .store import page_cache
from .versions import slots_of

logger = logging.getLogger(__name__)

# Page types whose apps say themselves what their changes touch (see is_claimed()).
_claimed: set[type[models.Model]] = set()


def pages_changed(*names: str, paths: Iterable[str] = ()) -> None:
    """Everything cached that depends on one of these names is rendered afresh.

    Inside a transaction the first bump is allowed to fail loudly: the change is then
    rolled back rather than committed behind a cache that still shows the old version.
    That is what happens to every such change while Redis is unreachable: it raises
    `Unavailable`, which the views answer with "try again" (masthead/core/outages.py).
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
    except Unavailable:
        logger.warning("The page cache could not be told about a change to %s", names)
    except Exception:
        logger.exception("The page cache could not be told about a change to %s", names)
    purge.purge_paths(paths)


def site_changed() -> None:
    """Every cached page is rendered afresh, and every site-wide path purged."""
    pages_changed(SITE, paths=purge.site_wide_paths())


def whole_site_changed(sender, created: bool = False, **kwargs) -> None:
    """A receiver for what every page may show; something new is shown nowhere yet."""
    if not created:
        site_changed()


def shown_on_every_page(model: type[models.Model]) -> None:
    """Saving or deleting a `model` (settings, images, profiles) changes the whole site."""
    name = f"{model._meta.app_label}.{model.__name__}"
    post_save.connect(whole_site_changed, sender=model, dispatch_uid=f"pagecache-{name}")
    post_delete.connect(whole_site_changed, sender=model, dispatch_uid=f"pagecache-del-{name}")


def claim_page_type(page_type: type[models.Model]) -> None:
    """`page_type`'s app handles its pages' changes; the whole-site default leaves them be.

    Exactly that type: a subclass nobody claimed still changes the whole site, which is
    always safe.
    """
    _claimed.add(page_type)


def is_claimed(page) -> bool:
    return (page.specific_class or type(page)) in _claimed


def last_changed(names: Iterable[str]) -> int | None:
    """The version of the latest change to any of these dependencies; None with the cache off.

    Raises `Unavailable` while the versions' store (Redis) is unreachable.

    A value read after this call is current until the version moves, in every process:
    what lets a process keep values in memory (masthead.core.memo) as safely as pages.
    """
    if not enabled():
        return None
    return page_cache().versions.newest(slots_of(names))
