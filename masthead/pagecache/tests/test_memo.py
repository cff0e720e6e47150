"""Settings kept in memory are read again as soon as the site changes."""

import pytest

from masthead.comments.models import CommentSettings, Moderation
from masthead.pagecache import memo, tags
from masthead.pagecache.invalidation import pages_changed
from masthead.pagecache.memo import site_wide


def test_a_kept_value_is_reused_until_something_site_wide_changes(db):
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    assert site_wide("answer", load) == 1
    assert site_wide("answer", load) == 1
    pages_changed(tags.page(7))
    assert site_wide("answer", load) == 1
    pages_changed(tags.SITE)
    assert site_wide("answer", load) == 2


@pytest.mark.django_db
def test_changed_comment_settings_apply_to_the_next_post(home):
    site = home.get_site()

    def current():
        return site_wide(("comment-settings", site.pk), lambda: CommentSettings.for_site(site))

    assert current().moderation == Moderation.FIRST_TIME
    settings = CommentSettings.for_site(site)
    settings.moderation = Moderation.NONE
    settings.save()
    assert current().moderation == Moderation.NONE


def test_a_value_kept_for_a_page_is_read_again_when_that_page_or_the_site_changes(db):
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    def article():
        return memo.kept_until_changed("article 7", (tags.page(7), tags.SITE), load)

    assert article() == article() == 1
    pages_changed(tags.page(8))
    assert article() == 1
    pages_changed(tags.page(7))
    assert article() == 2
    pages_changed(tags.SITE)
    assert article() == 3


def test_nothing_found_is_never_kept(db):
    assert memo.kept_until_changed("missing", (tags.SITE,), lambda: None) is None
    assert memo.kept_until_changed("missing", (tags.SITE,), lambda: "created since") == (
        "created since"
    )


def test_the_least_recently_used_values_go_past_the_limit(db, monkeypatch):
    monkeypatch.setattr(memo, "MAX_KEPT", 2)
    for key in ("a", "b", "c"):
        memo.kept_until_changed(key, (tags.SITE,), lambda key=key: key)
    assert memo.kept_until_changed("a", (tags.SITE,), lambda: "read again") == "read again"
    assert memo.kept_until_changed("c", (tags.SITE,), lambda: "read again") == "c"
