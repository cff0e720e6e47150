"""The reference page's text imports as one clean article."""

from pathlib import Path

import pytest

from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage

FIXTURES = Path(__file__).parent / "fixtures"
# The reference page of the product brief (shared/seed beside the checkout), or the copy
# kept with the tests where that folder is absent.
SHARED_SEED = Path(__file__).resolve().parents[4] / "shared/seed/000_d053959e8fd25140.txt"
REFERENCE = SHARED_SEED if SHARED_SEED.exists() else FIXTURES / "wix_reference.txt"

FURNITURE = [
    "top of page",
    "Ancre 1",
    "Rated 0 out of 5 stars",
    "No ratings yet",
    "Add a rating",
    "Télégramme",
    "LinkedIn",
    "bottom of page",
    "Comments",
]


def body_texts(article: ArticlePage) -> list[tuple[str, str]]:
    found = []
    for block in article.body:
        if block.block_type == "paragraph":
            found.append(("paragraph", block.value.source))
        elif block.block_type == "heading":
            found.append(("heading", block.value["text"]))
        elif block.block_type == "quote":
            found.append(("quote", block.value["quote"]))
    return found


@pytest.mark.django_db
class TestReferencePage:
    @pytest.fixture
    def article(self, home):
        report = import_path(REFERENCE, options=ImportOptions())
        assert report.counts["created"] == 1, report.lines()
        return ArticlePage.objects.get()

    def test_the_title_is_the_headline(self, article):
        assert article.title.startswith("The 37th ASEAN-United States Dialogue in Siem Reap")

    def test_headings_are_kept(self, article):
        headings = [text for kind, text in body_texts(article) if kind == "heading"]
        assert headings == [
            "Key outcomes and discussions",
            "Regional security and geopolitics",
            "Digital economy and emerging technologies",
            "Crisis in Myanmar",
            "Bilateral commitments",
            "Statements",
            "Outlook",
        ]

    def test_the_quotation_keeps_its_speaker(self, article):
        quotes = [block.value for block in article.body if block.block_type == "quote"]
        assert len(quotes) == 1
        assert quotes[0]["quote"].startswith("President Trump's priorities are clear.")
        assert quotes[0]["speaker"] == "Sean O'Neill"

    def test_no_furniture_is_left(self, article):
        texts = " ".join(text for _, text in body_texts(article))
        for furniture in FURNITURE:
            assert furniture not in texts

    def test_no_paragraph_is_repeated(self, article):
        paragraphs = [text for kind, text in body_texts(article) if kind == "paragraph"]
        assert len(paragraphs) == len(set(paragraphs))
        assert sum("The two-day meeting" in text for text in paragraphs) == 1

    def test_it_is_a_draft(self, article):
        assert not article.live

    def test_a_second_import_changes_nothing(self, article):
        report = import_path(REFERENCE, options=ImportOptions())
        assert report.counts["unchanged"] == 1
        assert ArticlePage.objects.count() == 1
