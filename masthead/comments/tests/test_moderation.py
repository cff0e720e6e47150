import time

import pytest

from masthead.comments.models import Comment, CommentSettings, Moderation
from masthead.comments.moderation import (
    CommentModerator,
    CommentRefused,
    check_blocked_words,
    check_honeypot,
    check_links,
    check_rate,
    form_token,
    read_form_token,
)
from masthead.comments.readers import Reader
from masthead.comments.tests.conftest import reader


class TestFormToken:
    def test_a_form_sent_after_a_human_pause_passes(self, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"min_seconds": 3}
        token = form_token(7, "abc", now=1000)
        assert read_form_token(token, 7, now=1010).nonce == "abc"

    def test_a_form_sent_faster_than_anyone_types_is_refused(self, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"min_seconds": 3}
        with pytest.raises(CommentRefused, match="quicker than anyone can type"):
            read_form_token(form_token(7, "abc", now=1000), 7, now=1001)

    def test_a_form_kept_open_for_days_is_refused(self):
        with pytest.raises(CommentRefused, match="too old"):
            read_form_token(form_token(7, "abc", now=1000), 7, now=1000 + 60 * 60 * 24 * 3)

    @pytest.mark.parametrize("token", ["", "garbage", "WzcsMTAwMCwiYWJjIl0:1abc:forged"])
    def test_a_forged_token_is_refused(self, token):
        with pytest.raises(CommentRefused, match="damaged"):
            read_form_token(token, 7, now=time.time())

    def test_a_token_for_another_article_is_refused(self):
        with pytest.raises(CommentRefused, match="damaged"):
            read_form_token(form_token(8, "abc", now=1000), 7, now=1010)


class TestDefences:
    def test_honeypot_refuses_a_filled_trap_and_passes_an_empty_one(self):
        check_honeypot("")
        with pytest.raises(CommentRefused) as refusal:
            check_honeypot("http://spam.example")
        assert refusal.value.status == 400

    def test_links_up_to_the_limit_pass_and_more_are_refused(self):
        check_links("See https://a.example and www.b.example", 2)
        with pytest.raises(CommentRefused, match="at most 2 links"):
            check_links("https://a.example https://b.example http://c.example", 2)

    def test_blocked_words_are_found_whatever_their_case(self):
        check_blocked_words("A reasonable point.", ["casino"])
        with pytest.raises(CommentRefused, match="does not publish"):
            check_blocked_words("Best CASINO bonus", ["casino"])

    def test_a_reader_is_limited_but_a_neighbour_on_the_same_address_is_not(self, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 2, "per_address": 10}
        check_rate(reader(1))
        check_rate(reader(1))
        with pytest.raises(CommentRefused) as refusal:
            check_rate(reader(1))
        assert refusal.value.status == 429
        check_rate(reader(2))

    def test_one_address_is_limited_across_readers(self, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 10, "per_address": 3}
        for number in range(3):
            check_rate(reader(number))
        with pytest.raises(CommentRefused, match="your network") as refusal:
            check_rate(reader(99))
        assert refusal.value.status == 429
        check_rate(reader(100, address="another-office"))


class TestModerationPolicy:
    def moderator(self, home, policy: str) -> CommentModerator:
        settings = CommentSettings.for_site(home.get_site())
        settings.moderation = policy
        return CommentModerator(settings)

    def test_first_time_commenters_wait_and_known_ones_do_not(self, article, home):
        moderator = self.moderator(home, Moderation.FIRST_TIME)
        assert moderator.needs_moderation(reader(1))
        Comment.objects.create(
            article=article,
            name="Ana",
            body="Hi",
            reader_key=reader(1).key,
            status=Comment.Status.APPROVED,
        )
        assert not moderator.needs_moderation(reader(1))
        assert moderator.needs_moderation(reader(2))

    def test_a_reader_whose_cookie_was_just_made_waits_without_a_query(
        self, home, django_assert_num_queries
    ):
        moderator = self.moderator(home, Moderation.FIRST_TIME)
        newcomer = Reader(key="cookie:new", address_hash="a", user=None, new_cookie_id="new")
        with django_assert_num_queries(0):
            assert moderator.needs_moderation(newcomer)

    def test_all_comments_wait_when_the_site_says_so(self, article, home):
        Comment.objects.create(
            article=article,
            name="Ana",
            body="Hi",
            reader_key=reader(1).key,
            status=Comment.Status.APPROVED,
        )
        assert self.moderator(home, Moderation.ALL).needs_moderation(reader(1))

    def test_no_comment_waits_when_moderation_is_off(self, home):
        assert not self.moderator(home, Moderation.NONE).needs_moderation(reader(1))

    def test_staff_never_wait(self, home, admin_user):
        staff = reader(1, user=admin_user)
        assert not self.moderator(home, Moderation.ALL).needs_moderation(staff)

    def test_closed_article_refuses_with_403(self, article, home):
        article.comments_open = False
        with pytest.raises(CommentRefused) as refusal:
            self.moderator(home, Moderation.NONE).check(
                article=article, body="Hi", name="Ana", honeypot="", reader=reader(1)
            )
        assert refusal.value.status == 403
