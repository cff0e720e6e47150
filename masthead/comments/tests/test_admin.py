"""Moderators work the queue in the Wagtail admin; editors read the rating insight."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from masthead.comments.models import ArticleFeedback, Comment, CommentSettings
from masthead.comments.services import feedback_refresh
from masthead.comments.tasks import MODERATORS_GROUP


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_user("moderator", "mod@example.org", "pw")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(user)
    return client


@pytest.fixture
def administrator_client(client, django_user_model):
    """Readers' data is for Administrators only (masthead/editorial/roles.py)."""
    user = django_user_model.objects.create_user("administrator", "admin@example.org", "pw")
    user.groups.add(Group.objects.get(name="Administrators"))
    client.force_login(user)
    return client


def pending(article, number: int, rating: int | None = None) -> Comment:
    return Comment.objects.create(
        article=article,
        name=f"Reader {number}",
        body=f"Comment {number}",
        rating=rating,
        reader_key=f"cookie:{number}",
        email=f"reader{number}@example.org",
    )


def bulk_url(action: str, comments) -> str:
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return f"/admin/bulk/comments/comment/{action}/?{ids}&next=/admin/snippets/comments/comment/"


def test_moderation_queue_lists_pending_comments_for_moderators(moderator_client, article):
    pending(article, 1)
    response = moderator_client.get("/admin/snippets/comments/comment/?status=pending")
    assert response.status_code == 200
    assert "Comment 1" in response.content.decode()


def sidebar_item(node, name: str) -> dict:
    """A menu item in the sidebar's telepath-packed JSON, found by its name."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("name") == name and "attrs" in node:
                return node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise LookupError(name)


def test_menu_shows_how_many_comments_are_pending_in_a_badge(moderator_client, article):
    pending(article, 1)
    pending(article, 2)
    sidebar = json.loads(
        BeautifulSoup(moderator_client.get("/admin/").content, "html.parser")
        .select_one("#wagtail-sidebar-props")
        .string
    )
    item = sidebar_item(sidebar, "comments")
    assert item["label"] == "Comments"  # whole, with no count to cut it off
    assert item["attrs"]["data-pending-count"] == "2"
    assert item["attrs"]["aria-label"] == "Comments: 2 pending"


def test_the_comment_column_does_not_repeat_the_name(moderator_client, article):
    pending(article, 1)
    page = BeautifulSoup(
        moderator_client.get("/admin/snippets/comments/comment/").content, "html.parser"
    )
    headings = [th.get_text(strip=True) for th in page.select("table.listing thead th")]
    cells = [td.get_text(strip=True) for td in page.select("table.listing tbody tr td")]
    comment = cells[headings.index("Comment")]
    assert comment == "Comment 1"
    assert "Reader 1" in cells[headings.index("Name")]


def test_the_bulk_bar_counts_comments_not_snippets(moderator_client, article):
    pending(article, 1)
    page = BeautifulSoup(
        moderator_client.get("/admin/snippets/comments/comment/").content, "html.parser"
    )
    assert page.select_one("[data-bulk-action-footer]")["data-bulk-action-footer"] == "COMMENT"
    strings = page.select_one("template[data-comment-bulk-strings]")
    assert strings["data-singular"] == "1 comment selected"
    assert strings["data-plural"] == "%(objects)s comments selected"


def test_bulk_approve_publishes_and_counts_ratings(moderator_client, client, article):
    comments = [pending(article, 1, rating=4), pending(article, 2, rating=2)]
    assert moderator_client.get(bulk_url("approve", comments)).status_code == 200
    response = moderator_client.post(bulk_url("approve", comments))
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    feedback = ArticleFeedback.objects.get(article=article)
    assert (feedback.rating_count, feedback.average, feedback.comment_count) == (2, 3.0, 2)


@pytest.mark.parametrize(
    ("action", "status"), [("reject", Comment.Status.REJECTED), ("spam", Comment.Status.SPAM)]
)
def test_bulk_reject_and_spam(moderator_client, article, action, status):
    comment = pending(article, 1)
    moderator_client.post(bulk_url(action, [comment]))
    comment.refresh_from_db()
    assert comment.status == status


def test_deleting_in_the_admin_updates_the_summary(moderator_client, article):
    comment = pending(article, 1, rating=5)
    moderator_client.post(bulk_url("approve", [comment]))
    assert ArticleFeedback.objects.get(article=article).rating_count == 1
    moderator_client.post(bulk_url("delete", [comment]))
    assert not Comment.objects.exists()
    assert ArticleFeedback.objects.get(article=article).rating_count == 0


def test_moderators_cannot_edit_pages(moderator_client, article):
    assert moderator_client.get(
        reverse("wagtailadmin_pages:edit", args=(article.pk,))
    ).status_code in (302, 403)


def test_readers_cannot_reach_the_queue(client, article):
    response = client.get("/admin/snippets/comments/comment/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_ratings_overview_shows_histograms_and_section_extremes(admin_client, article):
    for number, rating in enumerate([5, 5, 4, 1]):
        Comment.objects.create(
            article=article,
            name="R",
            body="x",
            rating=rating,
            status=Comment.Status.APPROVED,
            reader_key=f"k{number}",
        )
        from masthead.comments.services import rating_store

        rating_store(
            article_id=article.pk,
            reader_key=f"k{number}",
            value=rating,
            address_hash="",
            comment=None,
        )
    feedback_refresh([article.pk])
    page = BeautifulSoup(admin_client.get(reverse("comments_ratings")).content, "html.parser")
    meters = [int(meter["value"]) for meter in page.select(".rating-histogram meter")]
    assert meters == [2, 1, 0, 0, 1]
    assert article.title in page.get_text()
    assert "World" in [h3.get_text() for h3 in page.find_all("h3")]


def test_an_administrator_exports_a_readers_comments_in_one_step(administrator_client, article):
    pending(article, 1)
    response = administrator_client.post(
        reverse("comments_reader_data"), {"email": "READER1@example.org", "export": "1"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert [row["comment"] for row in json.loads(response.content)["comments"]] == ["Comment 1"]


def test_an_administrator_erases_a_readers_comments_after_confirming(administrator_client, article):
    pending(article, 1)
    pending(article, 2)
    response = administrator_client.post(
        reverse("comments_reader_data"), {"email": "reader1@example.org", "erase": "1"}
    )
    assert response.status_code == 200
    assert Comment.objects.count() == 2
    response = administrator_client.post(
        reverse("comments_reader_data"),
        {"email": "reader1@example.org", "erase": "1", "confirm_erase": "on"},
    )
    assert response.status_code == 302
    assert list(Comment.objects.values_list("name", flat=True)) == ["Reader 2"]


def test_a_bad_address_is_refused_in_the_readers_data_form(administrator_client):
    response = administrator_client.post(
        reverse("comments_reader_data"), {"email": "not an address", "export": "1"}
    )
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()


def test_comment_settings_are_editable(admin_client, home):
    url = reverse("wagtailsettings:edit", args=("comments", "commentsettings", home.get_site().pk))
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"moderation": "all", "max_links": "1", "blocked_words": "casino"}
    )
    assert response.status_code == 302
    saved = CommentSettings.objects.get(site=home.get_site())
    assert (saved.moderation, saved.max_links, saved.blocked_words) == ("all", 1, "casino")
