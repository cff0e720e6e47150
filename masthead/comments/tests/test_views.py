"""Readers posting through the form, with and without JavaScript, and what they see after."""

import time

from django.test import Client

from wagtail.models import Page, PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from masthead.comments.models import Comment, CommentSettings, Moderation
from masthead.comments.tests.conftest import token_for
from masthead.news.tests.factories import (
    ArticlePageFactory,
    HomePageFactory,
    SectionPageFactory,
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<form action=javascript:alert(1)><button>go</button></form>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    "javascript:alert(1)",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "www.example.org/'><svg/onload=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<template><script>alert(1)</script></template>",
    "{{ 7*7 }}{% debug %}",
]


def page_of(client, article) -> BeautifulSoup:
    return BeautifulSoup(client.get(article.url).content, "html.parser")


@pytest.fixture
def no_moderation(home):
    settings = CommentSettings.for_site(home.get_site())
    settings.moderation = Moderation.NONE
    settings.save()


class TestPostingWithoutJavaScript:
    def test_comment_redirects_back_with_a_message_and_waits(self, post, client, article):
        response = post({"rating": "4"})
        assert response.status_code == 303
        assert response["Location"] == article.url + "#comments"
        page = BeautifulSoup(client.get(article.url).content, "html.parser")
        assert (
            "will appear once a moderator has read it"
            in page.select_one(".discussion [role=status]").get_text()
        )
        assert Comment.objects.get().status == Comment.Status.PENDING
        assert page.select(".comment") == []

    def test_a_rating_alone_shows_at_once_in_the_summary(self, post, client, article):
        assert post({"body": "", "name": "", "rating": "4"}).status_code == 303
        summary = page_of(client, article).select_one(".rating-summary__text").get_text()
        assert summary == "Rated 4 out of 5 stars (1 rating)"

    def test_a_rating_alone_keeps_no_comments_yet(self, post, client, article):
        post({"body": "", "name": "", "rating": "4"})
        page = page_of(client, article)
        assert page.select_one(".discussion__empty").get_text() == "No comments yet."
        assert page.select(".comment-list") == []

    def test_no_comments_yet_goes_once_a_comment_is_published(
        self, post, client, article, no_moderation
    ):
        post({"rating": "4"})
        page = page_of(client, article)
        assert page.select(".discussion__empty") == []
        assert len(page.select(".comment")) == 1

    def test_approved_comment_shows_name_date_rating_and_text(
        self, post, client, article, no_moderation
    ):
        post({"rating": "5", "email": "ana@example.org"})
        comment = page_of(client, article).select_one(".comment")
        assert comment.select_one(".comment__author").get_text() == "Ana"
        assert comment.select_one("time")["datetime"]
        assert "Rated the article 5 stars out of 5" in comment.get_text()
        assert "ana@example.org" not in client.get(article.url).content.decode()

    def test_errors_show_again_in_the_page_with_a_400(self, post, article):
        response = post({"body": "", "rating": ""})
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        assert "Write a comment or choose a rating." in page.select_one("#comment-form").get_text()
        assert page.h1.get_text() == article.title

    def test_a_comment_without_a_name_is_refused(self, post):
        response = post({"name": ""})
        assert response.status_code == 400
        assert "a name is needed" in response.content.decode()

    def test_an_over_long_comment_is_refused(self, post):
        assert post({"body": "x" * 4001}).status_code == 400
        assert Comment.objects.count() == 0

    @pytest.mark.parametrize("rating", ["0", "6", "-1", "four", "4.5"])
    def test_a_rating_outside_one_to_five_is_refused(self, post, rating):
        assert post({"rating": rating}).status_code == 400

    def test_the_honeypot_refuses_with_a_400(self, post):
        assert post({"website": "http://spam.example"}).status_code == 400
        assert Comment.objects.count() == 0

    def test_too_many_links_are_refused(self, post):
        response = post({"body": "https://a.example https://b.example https://c.example"})
        assert response.status_code == 400
        assert "at most 2 links" in response.content.decode()

    def test_blocked_words_are_refused(self, post, home):
        settings = CommentSettings.for_site(home.get_site())
        settings.blocked_words = "casino\ncheap pills"
        settings.save()
        assert post({"body": "Visit my Casino"}).status_code == 400
        assert post({"body": "A fair point about the talks."}).status_code == 303

    def test_a_reader_posting_too_often_gets_a_429(self, post, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 2, "min_seconds": 1}
        assert [post().status_code for _ in range(3)] == [303, 303, 429]

    def test_a_form_posted_at_once_is_refused(self, client, article, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"min_seconds": 60}
        response = client.post(
            f"/comments/{article.pk}/",
            {"name": "Bot", "body": "Hi", "token": token_for(article, seconds_ago=0)},
        )
        assert response.status_code == 400

    def test_closed_comments_refuse_with_403_but_show_approved_ones(
        self, post, client, article, no_moderation
    ):
        post()
        article.comments_open = False
        article.save_revision().publish()
        response = post()
        assert response.status_code == 403
        page = page_of(client, article)
        assert len(page.select(".comment")) == 1
        assert "Comments are closed" in page.select_one(".discussion").get_text()
        assert page.select_one("#comment-form") is None

    def test_a_draft_article_cannot_be_commented(self, post, article):
        article.unpublish()
        assert post().status_code == 404

    def test_an_article_unpublished_after_a_post_takes_no_more(self, post, article):
        assert post().status_code == 303
        article.unpublish()
        assert post().status_code == 404

    def test_an_article_put_behind_a_password_takes_no_more(self, post, article):
        assert post().status_code == 303
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        assert post().status_code == 404

    def test_an_article_is_open_to_posts_once_its_site_is_created(self, client, home):
        other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
        article = ArticlePageFactory(parent=other_home, slug="elsewhere")
        form = {"name": "Ana", "body": "Hello.", "token": token_for(article)}
        assert client.post(f"/comments/{article.pk}/", form).status_code == 404
        Site.objects.create(hostname="other.example", port=80, root_page=other_home)
        form["token"] = token_for(article, nonce="again")
        assert client.post(f"/comments/{article.pk}/", form).status_code == 303

    def test_an_article_moved_with_its_section_is_posted_to_at_its_new_address(
        self, post, client, article, section, home
    ):
        assert post().status_code == 303
        elsewhere = SectionPageFactory(parent=home, title="Asia", slug="asia")
        section.move(elsewhere, pos="last-child")
        response = post()
        assert response.status_code == 303
        assert response["Location"] == "/asia/world/talks/#comments"

    def test_only_post_is_allowed(self, client, article):
        assert client.get(f"/comments/{article.pk}/").status_code == 405

    def test_a_post_from_another_site_is_refused(self, post):
        response = post(HTTP_ORIGIN="https://elsewhere.example")
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_a_post_from_the_site_itself_needs_no_csrf_token(self, article):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            f"/comments/{article.pk}/",
            {"name": "A", "body": "B", "token": token_for(article)},
            HTTP_ORIGIN="http://testserver",
        )
        assert response.status_code == 303
        assert Comment.objects.count() == 1

    def test_a_signed_in_editor_still_needs_a_csrf_token(self, article, django_user_model):
        editor = django_user_model.objects.create_user("editor", password="x" * 12)
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        response = client.post(
            f"/comments/{article.pk}/", {"name": "A", "body": "B", "token": token_for(article)}
        )
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_the_page_carries_no_token_and_no_csrf_field(self, client, article):
        form = page_of(client, article).find("form", id="comment-form")
        assert not form.find("input", {"name": "csrfmiddlewaretoken"})
        assert not form.find("input", {"name": "token"}).get("value")
        assert form["data-token-url"] == f"/comments/{article.pk}/token/"

    def test_without_a_token_the_form_comes_back_filled_in_with_one(self, post, client, article):
        response = post({"token": "", "body": "Kept for the second press."})
        assert response.status_code == 400
        assert not Comment.objects.exists()
        form = BeautifulSoup(response.content, "html.parser").find("form", id="comment-form")
        assert "press Send again" in form.get_text()
        assert (
            form.find("textarea", {"name": "body"}).get_text().strip()
            == "Kept for the second press."
        )
        token = form.find("input", {"name": "token"})["value"]
        time.sleep(1)  # the time trap (one second under the test settings)
        again = client.post(
            f"/comments/{article.pk}/",
            {"name": "Ana", "body": "Kept for the second press.", "token": token},
        )
        assert again.status_code == 303
        assert Comment.objects.get().body == "Kept for the second press."

    def test_anonymous_reader_gets_a_signed_first_party_cookie(self, post):
        cookie = post().cookies["masthead_reader"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert ":" in cookie.value


class TestPostingWithJavaScript:
    def test_the_token_endpoint_gives_each_reader_a_fresh_uncacheable_token(self, client, article):
        first = client.get(f"/comments/{article.pk}/token/")
        second = client.get(f"/comments/{article.pk}/token/")
        assert first.status_code == 200
        assert first.json()["token"] != second.json()["token"]
        assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]

    def test_no_token_for_an_article_that_is_not_public(self, client, article):
        article.unpublish()
        assert client.get(f"/comments/{article.pk}/token/").status_code == 404

    def test_success_answers_json_with_a_fresh_token(self, post):
        response = post({"rating": "3"}, json=True)
        assert response.status_code == 201
        data = response.json()
        assert data["ok"] and data["pending"] and data["token"]
        assert data["html"] == ""

    def test_a_rating_alone_answers_with_the_new_summary(self, post, client):
        post({"body": "", "name": "", "rating": "2"}, json=True)
        client.cookies.clear()  # a second reader
        data = post({"body": "", "name": "", "rating": "5"}, json=True).json()
        summary = BeautifulSoup(data["summary"], "html.parser")
        assert summary.select_one(".rating-summary__text").get_text() == (
            "Rated 3.5 out of 5 stars (2 ratings)"
        )
        assert "stars--fill-70" in summary.select_one(".stars")["class"]
        assert not summary.select_one(".stars").has_attr("style")  # the CSP allows no inline style
        assert (data["rating"], data["comment_count"]) == (5, 0)

    def test_a_published_comment_answers_with_the_new_count(self, post, no_moderation):
        data = post({"rating": "4"}, json=True).json()
        assert (data["rating"], data["comment_count"]) == (4, 1)
        summary = BeautifulSoup(data["summary"], "html.parser").get_text()
        assert "Rated 4 out of 5 stars (1 rating)" in summary

    def test_a_held_comment_answers_without_a_summary(self, post):
        data = post({"rating": "4"}, json=True).json()
        assert data["pending"] and "summary" not in data and data["rating"] is None

    def test_published_comment_comes_back_as_html(self, post, no_moderation):
        data = post(json=True).json()
        assert (
            BeautifulSoup(data["html"], "html.parser").select_one(".comment__author").get_text()
            == "Ana"
        )

    def test_a_first_comment_costs_two_inserts(self, post, article, django_assert_num_queries):
        post()  # the article, site-wide settings and view restrictions are read, then kept
        form = {"name": "Ben", "body": "Well put.", "token": token_for(article, nonce="ben")}
        with django_assert_num_queries(4):  # SAVEPOINT, INSERT receipt, INSERT comment, RELEASE
            response = Client().post(
                f"/comments/{article.pk}/", form, HTTP_ACCEPT="application/json"
            )
        assert response.status_code == 201 and response.json()["pending"]

    def test_errors_answer_json_with_the_field(self, post):
        response = post({"name": ""}, json=True)
        assert response.status_code == 400
        assert "name" in response.json()["errors"]


class TestReplies:
    def test_reply_link_prefills_the_form_and_the_reply_is_nested(
        self, post, client, article, no_moderation
    ):
        post()
        parent = Comment.objects.get()
        form = BeautifulSoup(
            client.get(article.url, {"reply_to": parent.pk}).content, "html.parser"
        ).select_one("#comment-form")
        assert form.select_one("input[name=parent]")["value"] == str(parent.pk)
        assert form.select_one("fieldset.star-input") is None
        post({"parent": str(parent.pk), "name": "Ben", "body": "I agree."})
        page = page_of(client, article)
        assert page.select_one(".comment-replies .comment__author").get_text() == "Ben"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_in_name_and_body_are_rendered_inert(
    post, client, article, no_moderation, payload
):
    clean = page_of(client, article)
    assert post({"name": payload[:80], "body": payload}).status_code == 303
    page = page_of(client, article)
    comment = page.select_one(".comment")
    assert comment is not None
    tags = {tag.name for tag in comment.find_all(True)}
    assert tags <= {"article", "header", "h3", "a", "time", "div", "p", "br", "span"}, tags
    for tag in comment.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.startswith("on"), (tag, attribute)
            if attribute == "href":
                assert value.startswith(("http://", "https://", "#", "?")), value
    assert len(page.find_all("script")) == len(clean.find_all("script"))
    body_text = comment.select_one(".comment__body").get_text()
    assert payload.replace("\n", "") in body_text.replace("\n", "") or "<" not in payload


def test_bare_urls_become_links_for_readers_but_not_for_search_engines(
    post, client, article, no_moderation
):
    post({"body": "Full text at https://example.org/report and more.\nSecond line."})
    body = page_of(client, article).select_one(".comment__body")
    link = body.find("a")
    assert link["href"] == "https://example.org/report"
    assert set(link["rel"]) == {"nofollow", "ugc", "noopener"}
    assert body.find("br") is not None


def test_the_french_interface_labels_the_discussion_in_french(post, client, article):
    post({"body": "", "name": "", "rating": "4"})
    page = BeautifulSoup(client.get("/fr" + article.url).content, "html.parser")
    assert page.select_one("#comments-title").get_text() == "Commentaires"
    assert page.select_one(".rating-summary__text").get_text() == "Noté 4 sur 5 étoiles (1 note)"
    assert page.select_one("#comment-form")["action"] == f"/fr/comments/{article.pk}/"


def test_a_rating_sent_from_the_french_page_answers_in_french(client, article):
    form = {"rating": "4", "token": token_for(article)}
    response = client.post(f"/fr/comments/{article.pk}/", form, HTTP_ACCEPT="application/json")
    data = response.json()
    assert data["message"] == "Merci : votre note compte dès maintenant."
    summary = BeautifulSoup(data["summary"], "html.parser")
    assert summary.select_one(".rating-summary__text").get_text() == "Noté 4 sur 5 étoiles (1 note)"


class TestPostingWhileRedisIsDown:
    """The page cache cannot be told: a post that moves what pages show is refused whole."""

    @pytest.fixture
    def redis_down(self, monkeypatch, post, article):
        """Asked for last: building the site needs the versions."""
        from masthead.pagecache.store import page_cache
        from masthead.resilience.breaker import Unavailable

        def refuse(tags):
            raise Unavailable("Redis", 5)

        monkeypatch.setattr(page_cache().versions, "bump", refuse)

    def test_a_rating_is_refused_with_try_again_and_nothing_is_stored(
        self, post, article, redis_down
    ):
        from masthead.comments.models import ArticleFeedback, Rating, SubmissionReceipt

        response = post({"body": "", "name": "", "rating": "4"}, json=True)
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert "nothing was stored" in response.json()["message"]
        assert not Rating.objects.exists()
        assert not SubmissionReceipt.objects.exists()  # the token can be sent again
        assert ArticleFeedback.objects.filter(article=article, rating_count__gt=0).count() == 0

    def test_without_javascript_the_form_comes_back_filled_in(
        self, post, no_moderation, redis_down
    ):
        response = post({"body": "Kept for the next try."})
        assert response.status_code == 503
        page = BeautifulSoup(response.content, "html.parser")
        assert "nothing was stored" in page.get_text()
        assert page.select_one("textarea[name=body]").get_text().strip() == "Kept for the next try."
        assert not Comment.objects.exists()
