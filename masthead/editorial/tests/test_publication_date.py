"""An article's publication date is the time it first goes live, unless an editor set one."""

import json
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.utils import timezone

from bs4 import BeautifulSoup

from masthead.editorial.scheduler import publish_due
from masthead.editorial.tests.test_roles import add_url, article_data
from masthead.editorial.tests.test_workflow import edit_url, local_minute
from masthead.news.models import ArticlePage
from masthead.news.tests.factories import ArticlePageFactory

DRAFTED = datetime(2026, 11, 29, 23, 28, tzinfo=UTC)
GO_LIVE = DRAFTED + timedelta(minutes=5)


def published_time(html: str) -> str:
    """The article's `article:published_time` and JSON-LD `datePublished`, which must agree."""
    meta = re.search(r'property="article:published_time" content="([^"]+)"', html).group(1)
    script = BeautifulSoup(html, "html.parser").select_one("script[type='application/ld+json']")
    graph = {item["@type"]: item for item in json.loads(script.string)["@graph"]}
    assert datetime.fromisoformat(graph["NewsArticle"]["datePublished"]) == (
        datetime.fromisoformat(meta)
    )
    return meta


def test_publishing_at_once_dates_the_article_when_it_went_live(editor, section, client):
    data = {**article_data(publication_date=""), "action-publish": "action-publish"}
    with mock.patch("django.utils.timezone.now", return_value=GO_LIVE):
        assert editor.post(add_url(section), data).status_code == 302
    article = ArticlePage.objects.get(slug="roadmap")
    assert article.live
    assert article.publication_date == article.first_published_at == GO_LIVE
    assert datetime.fromisoformat(published_time(client.get("/world/roadmap/").text)) == GO_LIVE


def test_a_scheduled_article_takes_its_go_live_time_not_its_draft_time(editor, section, client):
    with mock.patch("django.utils.timezone.now", return_value=DRAFTED):
        editor.post(add_url(section), article_data(publication_date=""))
        article = ArticlePage.objects.get(slug="roadmap")
        schedule = {
            **article_data(publication_date="", go_live_at=local_minute(GO_LIVE)),
            "action-publish": "action-publish",
        }
        assert editor.post(edit_url(article), schedule).status_code == 302
    article.refresh_from_db()
    assert not article.live and article.publication_date is None

    with mock.patch("django.utils.timezone.now", return_value=GO_LIVE + timedelta(seconds=20)):
        publish_due()
    article.refresh_from_db()
    assert article.live
    assert article.publication_date == GO_LIVE  # the time chosen, not the scheduler's run
    page = client.get("/world/roadmap/").text
    assert datetime.fromisoformat(published_time(page)) == article.publication_date
    # The editor sees the date in the article's form, and the next publication keeps it.
    assert article.latest_revision.as_object().publication_date == article.publication_date


def test_a_date_set_by_hand_stands(editor, section):
    data = {
        **article_data(publication_date="2025-04-23 09:00"),
        "action-publish": "action-publish",
    }
    editor.post(add_url(section), data)
    article = ArticlePage.objects.get(slug="roadmap")
    assert article.live
    assert timezone.localtime(article.publication_date).strftime("%Y-%m-%d %H:%M") == (
        "2025-04-23 09:00"
    )


def test_republishing_keeps_the_first_publication_date(section):
    with mock.patch("django.utils.timezone.now", return_value=DRAFTED):
        article = ArticlePageFactory(parent=section, publication_date=None)
    article.refresh_from_db()
    assert article.publication_date == DRAFTED
    article.title = "A corrected headline"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == DRAFTED


def test_the_listing_orders_by_the_go_live_time(section):
    with mock.patch("django.utils.timezone.now", return_value=DRAFTED):
        drafted_first = ArticlePageFactory(parent=section, publication_date=None, live=False)
    published_first = ArticlePageFactory(parent=section)
    drafted_first.save_revision().publish()
    newest = ArticlePage.objects.live().order_by("-publication_date").first()
    assert newest.pk == drafted_first.pk != published_first.pk


def test_a_draft_without_a_date_previews_with_the_time_it_would_take(section):
    draft = ArticlePageFactory(parent=section, publication_date=None, live=False)
    with mock.patch("django.utils.timezone.now", return_value=GO_LIVE):
        response = draft.make_preview_request()
    assert response.status_code == 200
    assert datetime.fromisoformat(published_time(response.content.decode())) == GO_LIVE
