"""Each cleaning rule drops its furniture and keeps the story."""

import pytest

from masthead.importers import cleaning
from masthead.importers.records import Piece

STORY = Piece("paragraph", text="The council met on Monday to vote on the budget.", html="x")


def para(text: str, html: str = "") -> Piece:
    return Piece("paragraph", text=text, html=html or text)


def kept(rule, *pieces: Piece) -> list[str]:
    return [piece.text for piece in rule([*pieces, STORY])]


@pytest.mark.parametrize(
    "line", ["Skip to Main Content", "top of page", "bottom of page", "Back to top ↑"]
)
def test_skip_links(line):
    assert kept(cleaning.skip_links, para(line)) == [STORY.text]


@pytest.mark.parametrize("line", ["Ancre 1", "Anchor 2", "¶"])
def test_anchor_lines(line):
    assert kept(cleaning.anchor_lines, para(line)) == [STORY.text]


@pytest.mark.parametrize(
    "line", ["• Télégramme", "Facebook Social Icône", "Share this:", "Log In", "Follow us", "X"]
)
def test_share_follow_login(line):
    assert kept(cleaning.share_follow_login, para(line)) == [STORY.text]


@pytest.mark.parametrize(
    "line", ["Rated 0 out of 5 stars.", "No ratings yet", "Add a rating", "12 ratings"]
)
def test_rating_widgets(line):
    assert kept(cleaning.rating_widgets, para(line)) == [STORY.text]


def test_reading_time_bylines():
    assert kept(cleaning.reading_time, para("Ana Ruiz · May 4, 2025 · 3 min read")) == [STORY.text]


def test_comment_section_ends_the_article():
    heading = Piece("heading", text="3 Comments")
    assert [p.text for p in cleaning.comment_section([STORY, heading, para("Great piece!")])] == [
        STORY.text
    ]


def test_a_comment_heading_at_the_top_is_not_a_comment_section():
    assert len(cleaning.comment_section([Piece("heading", text="Comments"), STORY])) == 2


def test_cookie_banners():
    banner = para("We use cookies to improve your experience. Accept all")
    assert kept(cleaning.cookie_banners, banner) == [STORY.text]


def test_a_story_about_cookies_is_kept():
    story = para("The bakery sold 4,000 cookies on Saturday.")
    assert kept(cleaning.cookie_banners, story) == [story.text, STORY.text]


def test_related_lists_and_their_links():
    pieces = [
        STORY,
        Piece("heading", text="Related posts"),
        para("Harbour works", '<a href="/harbour">Harbour works</a>'),
        para("• School boat", '• <a href="/boat">School boat</a>'),
        para("The vote is on Friday.", "The vote is on Friday."),
    ]
    assert [p.text for p in cleaning.related_lists(pieces)] == [
        STORY.text,
        "The vote is on Friday.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter",
        "Enter your email address",
        "Sign up for our daily newsletter!",
    ],
)
def test_newsletter_prompts(line):
    assert kept(cleaning.newsletter_prompts, para(line)) == [STORY.text]


def test_empty_headings():
    assert kept(cleaning.empty_headings, Piece("heading", text="  ")) == [STORY.text]


def test_repeated_paragraphs_keep_the_first():
    assert kept(cleaning.repeated_paragraphs, STORY, para(STORY.text + " ")) == [STORY.text]


def test_the_same_short_heading_twice_is_kept():
    heading = Piece("heading", text="Reaction")
    assert len(cleaning.repeated_paragraphs([heading, STORY, heading])) == 3


def test_clean_runs_every_rule():
    pieces = [para("top of page"), para("Ancre 1"), STORY, para(STORY.text), para("No ratings yet")]
    assert [p.text for p in cleaning.clean(pieces)] == [STORY.text]


@pytest.mark.parametrize("line", ["2025-05-17", "May 14, 2025", "22 avril 2025"])
def test_date_lines(line):
    assert kept(cleaning.date_lines, para(line)) == [STORY.text]
