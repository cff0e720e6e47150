"""Saved web pages import: trafilatura finds the article, Masthead's rules clean it."""

import zipfile

import pytest

from masthead.importers.formats.html_pages import extract_body
from masthead.importers.html_blocks import html_to_pieces
from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage

from .conftest import FIXTURES

PAGE = FIXTURES / "wix_page.htm"
FURNITURE = [
    "Skip to",
    "Ancre",
    "min read",
    "Facebook",
    "LinkedIn",
    "Recent Posts",
    "Harbour works",
    "Rated",
    "newsletter",
    "cookies",
]


def body_text(article) -> str:
    parts = []
    for block in article.body:
        value = block.value
        parts.append(
            value.source
            if block.block_type == "paragraph"
            else value.get("text") or value.get("quote")
        )
    return "\n".join(parts)


@pytest.mark.django_db
class TestSavedPage:
    @pytest.fixture
    def article(self, home):
        report = import_path(PAGE, options=ImportOptions())
        assert report.counts["created"] == 1, report.lines()
        return ArticlePage.objects.get()

    def test_title_dek_date_and_author_come_from_the_page_metadata(self, article):
        assert article.title == "Ferry timetable changes for the summer"
        assert article.dek == "Three extra crossings a day from June."
        assert article.publication_date.isoformat().startswith("2025-05-14T06:45")
        assert [link.author.name for link in article.article_authors.all()] == ["Tomas Berg"]

    def test_the_body_has_no_furniture_and_the_lede_once(self, article):
        text = body_text(article)
        for furniture in FURNITURE:
            assert furniture not in text, furniture
        assert text.count("three extra crossings") == 1
        assert "Earlier first boat" in text and "Fares will not change" in text

    def test_the_saved_page_path_redirects(self, article):
        from wagtail.contrib.redirects.models import Redirect

        assert (
            Redirect.objects.get(old_path="/post/ferry-timetable-summer").redirect_page_id
            == article.pk
        )


@pytest.mark.django_db
def test_a_zip_of_pages_imports_each_page(home, tmp_path):
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(PAGE, "pages/ferry.html")
        out.write(FIXTURES / "wix_reference.txt", "pages/asean.txt")
    report = import_path(archive, options=ImportOptions())
    assert report.counts["created"] == 2, report.lines()


@pytest.mark.django_db
def test_a_folder_of_pages_imports_each_page(home, tmp_path):
    (tmp_path / "a.html").write_bytes(PAGE.read_bytes())
    report = import_path(tmp_path, options=ImportOptions())
    assert report.counts["created"] == 1


def test_trafilatura_alone_keeps_furniture_that_masthead_removes():
    pieces = html_to_pieces(extract_body(PAGE.read_text()))
    texts = [piece.text for piece in pieces]
    assert len(texts) != len(set(texts)) or any(
        "min read" in text or "Rated" in text for text in texts
    )
