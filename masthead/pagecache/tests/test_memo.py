"""Settings kept in memory are read again as soon as the site changes."""

import pytest

from masthead.comments.models import CommentSettings, Moderation
from masthead.pagecache import tags
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
