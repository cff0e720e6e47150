"""Editorial checks as an editor meets them: in the editor, and when publishing."""

import json

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text, streamfield

from bs4 import BeautifulSoup

from masthead.editorial.tests.test_roles import BODY_TEXT, add_url, article_data
from masthead.news.models import ArticleCorrection, ArticlePage
from masthead.news.tests.factories import ArticlePageFactory

DUPLICATED_LEDE = streamfield(
    [("paragraph", rich_text(BODY_TEXT)), ("paragraph", rich_text(BODY_TEXT))]
)


def edit_url(article) -> str:
    return reverse("wagtailadmin_pages:edit", args=(article.pk,))


def checks_panel(html: bytes):
    return BeautifulSoup(html, "html.parser").select_one("[data-editorial-checks]")


def test_a_refused_new_article_is_saved_as_a_draft_and_says_why(editor, section, client):
    response = editor.post(
        add_url(section), {**article_data(body=DUPLICATED_LEDE), "action-publish": "action-publish"}
    )
    article = ArticlePage.objects.get(slug="roadmap")
    assert response.status_code == 302 and response["Location"] == edit_url(article)
    assert not article.live and article.first_published_at is None
    assert client.get("/world/roadmap/").status_code == 404

    page = editor.get(edit_url(article)).content
    message = BeautifulSoup(page, "html.parser").select_one(".messages").get_text(" ", strip=True)
    assert message.startswith(
        "Draft saved. Not published: 1 editorial check reports an error, "
        "listed under Editorial checks."
    )
    assert "could not be created" not in page.decode()
    panel = checks_panel(page)
    assert "Paragraph 2 repeats paragraph 1." in panel.select_one(".help-critical").get_text()


def test_a_refused_edit_keeps_the_live_version_and_saves_the_new_draft(editor, section, client):
    article = ArticlePageFactory(parent=section, slug="live-story")
    data = {**article_data(slug="live-story", body=DUPLICATED_LEDE), "action-publish": "1"}
    assert editor.post(edit_url(article), data)["Location"] == edit_url(article)
    article.refresh_from_db()
    assert article.live and article.title != "Delegates agree on a roadmap"
    assert article.get_latest_revision_as_object().title == "Delegates agree on a roadmap"
    assert "Reporting from the talks" not in client.get("/world/live-story/").text


def test_the_panel_shows_the_findings_of_the_submission_at_once(editor, section):
    data = {**article_data(title="", body=DUPLICATED_LEDE), "action-publish": "action-publish"}
    response = editor.post(add_url(section), data)
    assert response.status_code == 200  # the empty headline sends the new article back
    panel = checks_panel(response.content)
    assert "Paragraph 2 repeats paragraph 1." in panel.select_one(".help-critical").get_text()


def test_a_draft_with_an_error_can_still_be_saved_and_shows_the_findings(editor, section):
    assert (
        editor.post(add_url(section), article_data(body=DUPLICATED_LEDE, dek="")).status_code == 302
    )
    article = ArticlePage.objects.get(slug="roadmap")
    page = BeautifulSoup(
        editor.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content, "html.parser"
    )
    panel = page.select_one("[data-editorial-checks]")
    assert "Paragraph 2 repeats paragraph 1." in panel.select_one(".help-critical").get_text()
    assert "The dek is empty." in panel.select_one(".help-warning").get_text()


def test_warnings_do_not_block_publication(editor, section):
    response = editor.post(
        add_url(section), {**article_data(dek=""), "action-publish": "action-publish"}
    )
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="roadmap").live


def test_corrections_show_on_the_article_and_move_date_modified(section, client):
    article = ArticlePageFactory(parent=section)
    before = json.loads(
        BeautifulSoup(client.get(article.url).content, "html.parser")
        .select_one("script[type='application/ld+json']")
        .string
    )
    ArticleCorrection.objects.create(
        page=article, kind="correction", text="An earlier version misspelt Kung Phoak's name."
    )
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    block = page.select_one("section.corrections")
    assert block.h2.get_text() == "Corrections and updates"
    assert "misspelt" in block.get_text() and block.select_one("time")["datetime"]
    assert (
        page.select_one(".article__meta .updated time")["datetime"]
        == block.select_one("time")["datetime"]
    )
    after = json.loads(page.select_one("script[type='application/ld+json']").string)
    modified = {item["@type"]: item for item in after["@graph"]}["NewsArticle"]["dateModified"]
    assert (
        modified > {item["@type"]: item for item in before["@graph"]}["NewsArticle"]["dateModified"]
    )
    assert (
        page.select_one('meta[property="article:modified_time"]')["content"]
        == block.select_one("time")["datetime"]
    )


def test_canonical_url_override_points_search_engines_at_the_original(section, client):
    article = ArticlePageFactory(parent=section, canonical_url="https://original.example.org/story")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.select_one("link[rel=canonical]")["href"] == "https://original.example.org/story"
