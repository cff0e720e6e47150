"""A WordPress export imports end to end."""

from datetime import UTC, datetime

from wagtail.contrib.redirects.models import Redirect

import pytest

from masthead.comments.models import Comment, Rating
from masthead.importers.models import ImportedItem
from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage, Author, SectionPage

from .conftest import FIXTURES

WXR = FIXTURES / "wordpress.xml"


@pytest.fixture
def imported(home, uploads):
    report = import_path(WXR, options=ImportOptions(media_dir=uploads, publish=True))
    assert report.counts == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }, report.lines()
    return report


@pytest.fixture
def bridge(imported):
    return ArticlePage.objects.get(slug="bridge-reopens")


def blocks(article):
    return [(block.block_type, block.value) for block in article.body]


@pytest.mark.django_db
class TestWordPressImport:
    def test_posts_become_articles_and_pages_are_left_out(self, imported):
        assert set(ArticlePage.objects.values_list("title", flat=True)) == {
            "Bridge reopens after two years",
            "Budget vote next week",
        }

    def test_categories_become_sections(self, bridge):
        assert bridge.get_parent().title == "City"
        assert set(SectionPage.objects.values_list("title", flat=True)) == {"City", "Politics"}

    def test_tags_authors_dek_and_date(self, bridge):
        assert set(bridge.tags.names()) == {"Transport", "Bridges"}
        assert [link.author.name for link in bridge.article_authors.all()] == ["Marie Laurent"]
        assert Author.objects.get().slug == "marie-laurent"
        assert bridge.dek == "The old iron bridge is open again."
        assert bridge.publication_date == datetime(2024, 5, 3, 8, 30, tzinfo=UTC)

    def test_published_posts_go_live_with_publish_and_drafts_stay_drafts(self, bridge):
        assert bridge.live
        assert not ArticlePage.objects.get(title="Budget vote next week").live

    def test_the_body_keeps_formatting_headings_images_and_quotes(self, bridge):
        kinds = [kind for kind, _ in blocks(bridge)]
        assert kinds == [
            "paragraph",
            "heading",
            "image",
            "quote",
            "bulleted_list",
            "paragraph",
        ]
        first = blocks(bridge)[0][1].source
        assert "<b>old iron bridge</b>" in first and "<i>two years</i>" in first
        assert '<a href="https://city.example/works">' in first
        heading = blocks(bridge)[1][1]
        assert (heading["text"], heading["level"], heading["anchor"]) == (
            "What changed",
            "h3",
            "what-changed",
        )
        image = blocks(bridge)[2][1]
        assert (image["alt_text"], image["caption"], image["credit"]) == (
            "The bridge at dawn",
            "The bridge at dawn.",
            "Ana Ruiz",
        )
        quote = blocks(bridge)[3][1]
        assert (quote["quote"], quote["speaker"]) == ("We waited long enough.", "Paul Martin")

    def test_lists_become_list_blocks_and_share_labels_go(self, bridge):
        lists = [value for kind, value in blocks(bridge) if kind == "bulleted_list"]
        assert [item.source for item in lists[0]["items"]] == [
            "Cyclists get a lane",
            "Lorries are banned",
        ]
        texts = [value.source for kind, value in blocks(bridge) if kind == "paragraph"]
        assert not any("Share this" in text for text in texts)

    def test_nothing_unsafe_reaches_the_body(self, bridge):
        source = str(bridge.body.raw_data)
        assert "script" not in source and "javascript:" not in source and "onclick" not in source

    def test_the_featured_image_is_read_from_the_media_folder(self, bridge):
        assert bridge.featured_image.alt_text == "The bridge at dawn"
        assert bridge.featured_image == blocks(bridge)[2][1]["image"]

    def test_comments_keep_status_date_and_rating_and_spam_is_dropped(self, bridge):
        comments = {comment.name: comment for comment in Comment.objects.filter(article=bridge)}
        assert set(comments) == {"Jo", "Sam"}
        assert comments["Jo"].status == "approved"
        assert comments["Jo"].created_at == datetime(2024, 5, 3, 12, 0, tzinfo=UTC)
        assert comments["Sam"].status == "pending"
        assert comments["Sam"].parent == comments["Jo"]
        assert list(Rating.objects.values_list("value", flat=True)) == [4]
        assert bridge.feedback.comment_count == 1

    def test_the_old_permalink_redirects_permanently(self, bridge, client):
        redirect = Redirect.objects.get(old_path="/2024/05/03/bridge-reopens")
        assert redirect.redirect_page.specific == bridge and redirect.is_permanent
        response = client.get("/2024/05/03/bridge-reopens/")
        assert response.status_code == 301
        assert response["Location"].endswith(bridge.url)

    def test_a_draft_without_a_slug_gets_one_from_its_title(self, imported):
        assert (
            ArticlePage.objects.get(title="Budget vote next week").slug == "budget-vote-next-week"
        )

    def test_classic_text_without_paragraph_tags_is_split_on_blank_lines(self, imported):
        draft = ArticlePage.objects.get(title="Budget vote next week")
        assert len([block for block in draft.body if block.block_type == "paragraph"]) == 2

    def test_a_second_import_changes_nothing(self, imported, uploads):
        before = ArticlePage.objects.get(slug="bridge-reopens").latest_revision_id
        report = import_path(WXR, options=ImportOptions(media_dir=uploads, publish=True))
        assert report.counts["unchanged"] == 2
        assert ArticlePage.objects.count() == 2 and Comment.objects.count() == 2
        assert ArticlePage.objects.get(slug="bridge-reopens").latest_revision_id == before

    def test_skip_existing_skips(self, imported, uploads):
        report = import_path(WXR, options=ImportOptions(media_dir=uploads, skip_existing=True))
        assert report.counts["skipped"] == 2


@pytest.mark.django_db
def test_drafts_by_default(home, uploads):
    import_path(WXR, options=ImportOptions(media_dir=uploads))
    assert not ArticlePage.objects.filter(live=True).exists()


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_reports_the_same(home, uploads):
    report = import_path(WXR, options=ImportOptions(media_dir=uploads, dry_run=True))
    assert report.counts["created"] == 2
    assert not ArticlePage.objects.exists() and not ImportedItem.objects.exists()
    assert not SectionPage.objects.exists() and not Comment.objects.exists()
    assert not any(item.warnings for item in report.items)  # the images were found


@pytest.mark.django_db
def test_section_map_files_into_an_existing_section(section, uploads):
    import_path(WXR, options=ImportOptions(media_dir=uploads, section_map={"City": "World"}))
    assert ArticlePage.objects.get(slug="bridge-reopens").get_parent().pk == section.pk


@pytest.mark.django_db
def test_the_command_prints_the_report_and_writes_json(home, uploads, tmp_path):
    import json

    from django.core.management import call_command

    out = tmp_path / "report.json"
    from io import StringIO

    console = StringIO()
    call_command("import", str(WXR), "--media", str(uploads), "--report", str(out), stdout=console)
    assert "2 created" in console.getvalue()
    assert json.loads(out.read_text())["counts"]["created"] == 2


@pytest.mark.django_db
def test_reader_search_is_indexed_once_at_the_end(home, uploads, monkeypatch):
    from masthead.importers import services
    from masthead.news.search import signals

    calls = []
    monkeypatch.setattr(signals, "index_articles", lambda ids: calls.append(sorted(ids)))
    monkeypatch.setattr(services, "index_articles", lambda ids: calls.append(sorted(ids)))
    import_path(WXR, options=ImportOptions(media_dir=uploads, publish=True))
    # The batch writer's articles, in chunks of 1,000; the one-at-a-time path's (none here).
    assert [len(ids) for ids in calls if ids] == [2]
