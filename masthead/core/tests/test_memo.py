"""Values kept in memory are read again as soon as what they depend on changes."""

from masthead.core import memo
from masthead.core.memo import site_wide
from masthead.pagecache import dependencies
from masthead.pagecache.invalidation import pages_changed


def counter():
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    return load


def test_a_kept_value_is_reused_until_something_site_wide_changes(db):
    load = counter()
    assert site_wide("answer", load) == 1
    assert site_wide("answer", load) == 1
    pages_changed(dependencies.page(7))
    assert site_wide("answer", load) == 1
    pages_changed(dependencies.SITE)
    assert site_wide("answer", load) == 2


def test_a_value_kept_for_a_page_is_read_again_when_that_page_or_the_site_changes(db):
    load = counter()

    def article():
        return memo.kept_until_changed("article 7", (dependencies.page(7), dependencies.SITE), load)

    assert article() == article() == 1
    pages_changed(dependencies.page(8))
    assert article() == 1
    pages_changed(dependencies.page(7))
    assert article() == 2
    pages_changed(dependencies.SITE)
    assert article() == 3


def test_nothing_found_is_never_kept(db):
    assert memo.kept_until_changed("missing", (dependencies.SITE,), lambda: None) is None
    assert memo.kept_until_changed("missing", (dependencies.SITE,), lambda: "created since") == (
        "created since"
    )


def test_the_least_recently_used_values_go_past_the_limit(db, monkeypatch):
    monkeypatch.setattr(memo, "MAX_KEPT", 2)
    for key in ("a", "b", "c"):
        memo.kept_until_changed(key, (dependencies.SITE,), lambda key=key: key)
    assert memo.kept_until_changed("a", (dependencies.SITE,), lambda: "read again") == "read again"
    assert memo.kept_until_changed("c", (dependencies.SITE,), lambda: "read again") == "c"


def test_with_the_page_cache_off_nothing_is_kept(db, settings):
    settings.MASTHEAD_PAGE_CACHE = False
    load = counter()
    assert site_wide("answer", load) == 1
    assert site_wide("answer", load) == 2
