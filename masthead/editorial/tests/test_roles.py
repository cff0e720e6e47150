"""What each newsroom group can and cannot do in the admin, tried through the test client."""

from pathlib import Path

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from masthead.editorial import roles
from masthead.news.models import ArticlePage
from masthead.news.tests.factories import ArticlePageFactory

BODY_TEXT = "<p>" + "Reporting from the talks in Siem Reap. " * 30 + "</p>"


def article_data(**overrides) -> dict:
    fields = {
        "title": "Delegates agree on a roadmap",
        "slug": "roadmap",
        "dek": "Officials set out next steps.",
        "dateline": "Siem Reap",
        "publication_date": "2025-04-23 09:00",
        "language": "en",
        "article_authors": inline_formset([]),
        "comments": inline_formset([]),
        "corrections": inline_formset([]),
        "body": streamfield([("paragraph", rich_text(BODY_TEXT))]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def add_url(section) -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))


def test_a_writer_drafts_but_cannot_publish(writer, section):
    assert writer.get(add_url(section)).status_code == 200
    writer.post(add_url(section), article_data())
    draft = ArticlePage.objects.get(slug="roadmap")
    assert not draft.live
    edit = writer.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).content.decode()
    assert 'name="action-publish"' not in edit
    assert 'name="action-submit"' in edit
    writer.post(
        add_url(section), {**article_data(slug="roadmap-2"), "action-publish": "action-publish"}
    )
    assert not ArticlePage.objects.filter(slug="roadmap-2", live=True).exists()


def test_a_writer_cannot_unpublish_or_moderate_or_change_settings(writer, section, home):
    article = ArticlePageFactory(parent=section)
    response = writer.post(reverse("wagtailadmin_pages:unpublish", args=(article.pk,)))
    assert (
        response.status_code == 403 or response["Location"] == "/admin/"
    )  # Wagtail's "permission denied"
    article.refresh_from_db()
    assert article.live
    assert writer.get("/admin/snippets/comments/comment/").status_code in (302, 403)
    settings_url = reverse(
        "wagtailsettings:edit", args=("core", "sitesettings", home.get_site().pk)
    )
    assert writer.get(settings_url).status_code in (302, 403)


def test_an_editor_publishes_schedules_and_unpublishes(editor, section):
    response = editor.post(add_url(section), {**article_data(), "action-publish": "action-publish"})
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="roadmap")
    assert article.live
    response = editor.post(reverse("wagtailadmin_pages:unpublish", args=(article.pk,)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live


def test_an_editor_moderates_comments_but_does_not_manage_users(editor):
    assert editor.get("/admin/snippets/comments/comment/").status_code == 200
    assert editor.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_a_moderator_works_comments_only(member, section):
    moderator = member(roles.MODERATORS)
    article = ArticlePageFactory(parent=section)
    assert moderator.get("/admin/snippets/comments/comment/").status_code == 200
    assert moderator.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).status_code in (
        302,
        403,
    )
    assert moderator.get(add_url(section)).status_code in (302, 403)


def test_an_administrator_manages_users_and_settings(member, home):
    administrator = member(roles.ADMINISTRATORS)
    assert administrator.get(reverse("wagtailusers_users:index")).status_code == 200
    settings_url = reverse(
        "wagtailsettings:edit", args=("core", "sitesettings", home.get_site().pk)
    )
    assert administrator.get(settings_url).status_code == 200


@pytest.mark.parametrize(
    "group", [roles.WRITERS, roles.EDITORS, roles.MODERATORS, roles.ADMINISTRATORS]
)
def test_every_role_exists_with_admin_access(member, group):
    client = member(group)
    assert client.get("/admin/").status_code == 200


READER_DATA_URL = "/admin/readers-data/"
NEWSROOM_DOCS = Path(__file__).resolve().parents[3] / "docs" / "newsroom.md"


@pytest.mark.parametrize("group", [roles.WRITERS, roles.EDITORS, roles.MODERATORS])
def test_only_administrators_export_or_erase_readers_data(member, group):
    client = member(group)
    assert READER_DATA_URL not in client.get("/admin/").content.decode()  # no menu item
    assert client.get(READER_DATA_URL).status_code in (302, 403)  # Wagtail's "permission denied"
    response = client.post(READER_DATA_URL, {"email": "reader@example.org", "export": "1"})
    assert response.status_code in (302, 403) and "Content-Disposition" not in response


def test_administrators_find_readers_data_under_settings(member):
    administrator = member(roles.ADMINISTRATORS)
    assert READER_DATA_URL in administrator.get("/admin/").content.decode()
    assert administrator.get(READER_DATA_URL).status_code == 200


def test_the_roles_table_in_the_docs_agrees_on_readers_data():
    """docs/newsroom.md is what the editor-in-chief reads to put people in groups."""
    rows = {}
    for line in NEWSROOM_DOCS.read_text().splitlines():
        if line.startswith("| **"):
            name, can, cannot = (cell.strip() for cell in line.strip("|").split("|"))
            rows[name.strip("*")] = (can.casefold(), cannot.casefold())
    for group in (roles.WRITERS, roles.EDITORS, roles.MODERATORS, roles.ADMINISTRATORS):
        can, cannot = rows[group]
        if group in roles.READER_DATA_GROUPS:
            assert "readers' data" in can, group
        else:
            assert "readers' data" in cannot and "readers' data" not in can, group
