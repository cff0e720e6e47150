"""A Ghost export imports end to end, whichever editor wrote its posts."""

from wagtail.contrib.redirects.models import Redirect

import pytest

from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage

from .conftest import FIXTURES

GHOST = FIXTURES / "ghost.json"


@pytest.fixture
def imported(home, uploads):
    # Ghost's export keeps its images in content/images: the fixture's uploads stand in.
    report = import_path(GHOST, options=ImportOptions(media_dir=uploads, publish=True))
    assert report.counts["created"] == 3, report.lines()
    return report


def kinds(article):
    return [block.block_type for block in article.body]


@pytest.mark.django_db
class TestGhostImport:
    def test_posts_become_articles_and_pages_are_left_out(self, imported):
        assert ArticlePage.objects.count() == 3
        assert not ArticlePage.objects.filter(title="Contact").exists()

    def test_the_primary_tag_is_the_section_and_the_others_are_tags(self, imported):
        storm = ArticlePage.objects.get(slug="storm-fleet")
        assert storm.get_parent().title == "Coast"
        assert list(storm.tags.names()) == ["Weather"]
        assert [link.author.name for link in storm.article_authors.all()] == ["Ines Costa"]
        assert storm.dek == "A week of gales."
        assert storm.live and storm.publication_date.isoformat().startswith("2024-06-01T07:00")

    def test_lexical_becomes_blocks(self, imported):
        storm = ArticlePage.objects.get(slug="storm-fleet")
        assert kinds(storm) == ["paragraph", "heading", "quote", "image"]
        assert "<b>port</b>" in storm.body[0].value.source
        assert storm.featured_image.alt_text == "The harbour"

    def test_mobiledoc_becomes_blocks(self, imported):
        notice = ArticlePage.objects.get(slug="harbour-notice")
        assert not notice.live
        assert kinds(notice) == ["paragraph", "heading", "bulleted_list"]
        assert '<a href="https://port.example">harbour notice</a>' in notice.body[0].value.source

    def test_html_is_cleaned_of_read_more(self, imported):
        market = ArticlePage.objects.get(slug="market-day")
        assert [block.value.source for block in market.body] == [
            "<p>The market moves to <b>Saturday</b>.</p>"
        ]

    def test_the_ghost_url_redirects(self, imported):
        assert Redirect.objects.get(old_path="/storm-fleet").redirect_page.slug == "storm-fleet"

    def test_a_second_import_changes_nothing(self, imported, uploads):
        report = import_path(GHOST, options=ImportOptions(media_dir=uploads, publish=True))
        assert report.counts["unchanged"] == 3 and ArticlePage.objects.count() == 3
