"""The batch writer: new articles in a few queries each, still all or nothing per item."""

import random

from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

import pytest

from bench.import_bench import HEAD, post_xml
from masthead.comments.models import ArticleFeedback, Comment
from masthead.importers import batch
from masthead.importers.models import ImportedItem
from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage, SectionPage
from masthead.news.tests.test_search import hits

# The one-at-a-time path (add_child, save_revision, publish) took about 255 a post.
QUERIES_PER_POST = 15


def write_wxr(path, posts: int, comments: int = 5, first: int = 1, long_title: int = 0):
    rng = random.Random(3)  # noqa: S311 - made-up text, not a secret
    items = "".join(post_xml(rng, number, comments) for number in range(first, first + posts))
    if long_title:
        items = items.replace(f"<title>Story {long_title}:", f"<title>{'x' * 300} {long_title}:")
    path.write_text(HEAD + items + "</channel></rss>\n", encoding="utf-8")
    return path


def imported(path, **options):
    report = import_path(path, options=ImportOptions(publish=True, **options))
    assert not report.error, report.error
    return report


def queries_for(path) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = imported(path)
    assert report.counts["failed"] == 0, report.lines()
    return len(queries)


def story(number: int) -> ArticlePage:
    return ArticlePage.objects.get(slug=f"story-{number}")


@pytest.mark.django_db
def test_queries_per_imported_post_stay_few(home, tmp_path):
    # The first import creates the sections and tags; the next two only articles.
    queries_for(write_wxr(tmp_path / "first.xml", 40, first=1))
    small = queries_for(write_wxr(tmp_path / "small.xml", 10, first=1001))
    large = queries_for(write_wxr(tmp_path / "large.xml", 90, first=2001))
    assert ArticlePage.objects.count() == 140
    assert (large - small) / 80 <= QUERIES_PER_POST


@pytest.mark.django_db
def test_the_tree_revisions_and_totals_are_as_wagtail_leaves_them(home, tmp_path):
    report = imported(write_wxr(tmp_path / "posts.xml", 30, comments=4))
    assert report.counts["created"] == 30
    assert all(not problems for problems in Page.find_problems())
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()
    article = story(7)
    assert article.live and not article.has_unpublished_changes
    assert article.live_revision == article.latest_revision == article.get_latest_revision()
    assert article.get_latest_revision().as_object().title == article.title
    assert article.url == f"/{article.get_parent().slug}/story-7/"
    assert Comment.objects.filter(article=article).count() == 4
    feedback = ArticleFeedback.objects.get(article=article)
    assert (
        feedback.comment_count == Comment.objects.filter(article=article, status="approved").count()
    )
    assert Redirect.objects.get(old_path="/7").redirect_page_id == article.pk


@pytest.mark.django_db
def test_the_imported_site_renders_and_search_finds_an_article(home, tmp_path, client):
    imported(write_wxr(tmp_path / "posts.xml", 12))
    article = story(5)
    page = client.get(article.url)
    assert page.status_code == 200 and article.title in page.content.decode()
    section = client.get(article.get_parent().url)
    assert section.status_code == 200 and "story-5" in section.content.decode()
    assert article.title in hits(client, q="Story 5")
    assert client.get("/5/").headers["Location"] == article.url


@pytest.mark.django_db
def test_a_failing_item_fails_alone_and_leaves_nothing(home, tmp_path):
    report = imported(write_wxr(tmp_path / "posts.xml", 6, long_title=4))
    assert report.counts["created"] == 5 and report.counts["failed"] == 1
    assert "title" in report.failures[0].reason
    assert not ImportedItem.objects.filter(source_key__endswith="?p=4").exists()
    assert ArticlePage.objects.count() == 5
    assert Comment.objects.count() == 25


@pytest.mark.django_db
def test_a_failing_bulk_write_falls_back_to_one_item_at_a_time(home, tmp_path, monkeypatch):
    def broken(items):
        raise DatabaseError("disk full")

    monkeypatch.setattr(batch, "redirects_write", broken)
    report = imported(write_wxr(tmp_path / "posts.xml", 8))
    assert report.counts["created"] == 8, report.lines()
    assert ArticlePage.objects.count() == 8 and Page.objects.filter(depth=4).count() == 8
    assert Comment.objects.count() == 40 and Redirect.objects.count() == 8
    assert all(not problems for problems in Page.find_problems())


@pytest.mark.django_db
def test_a_second_import_changes_nothing_and_a_dry_run_writes_nothing(home, tmp_path):
    wxr = write_wxr(tmp_path / "posts.xml", 10)
    dry = imported(wxr, dry_run=True)
    assert dry.counts["created"] == 10 and ArticlePage.objects.count() == 0
    assert SectionPage.objects.count() == 0 and Comment.objects.count() == 0
    imported(wxr)
    again = imported(wxr)
    assert again.counts["unchanged"] == 10
    assert ArticlePage.objects.count() == 10 and Comment.objects.count() == 50


@pytest.mark.django_db
def test_a_source_key_met_twice_in_a_batch_is_one_article(home, tmp_path):
    wxr = write_wxr(tmp_path / "posts.xml", 3)
    text = wxr.read_text()
    first_item = text[text.index("<item>") : text.index("</item>") + 7]
    wxr.write_text(text.replace("</channel>", first_item + "</channel>"))
    report = imported(wxr)
    assert report.counts["created"] == 3 and report.counts["unchanged"] == 1
    assert ArticlePage.objects.count() == 3
