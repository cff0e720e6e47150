"""Every paginated listing answers its pages, and a 404 for any page that does not exist."""

from datetime import UTC, datetime

from django.test import TestCase

from wagtail.models import Locale, Page, Site

from masthead.news.models import ArticleAuthor
from masthead.news.selectors import ARTICLES_PER_PAGE
from masthead.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    HomePageFactory,
    SectionPageFactory,
)

APRIL = datetime(2025, 4, 22, 10, tzinfo=UTC)
# Each listing holds one article more than a page: it has exactly two pages.
LISTINGS = [
    "/world/",
    "/tags/busy/",
    "/authors/dara-sok/",
    "/archive/2025/4/",
    "/search/?q=budget",
    "/fr/world/",
    "/fr/tags/busy/",
    "/fr/search/?q=budget",
]
BAD_PAGES = ["3", "99", "0", "-1", "abc", "1.5", "", "99999999999999999999999", "9" * 5000]


def with_page(url: str, page: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}page={page}"


class ListingPageNumberTests(TestCase):
    """The articles are made once for the class: 21 of them for every listing at once."""

    @classmethod
    def setUpTestData(cls):
        Locale.objects.get_or_create(language_code="en")
        Page.objects.filter(depth=2).delete()
        home = HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        cls.section = SectionPageFactory(parent=home, title="World", slug="world")
        author = AuthorFactory(slug="dara-sok")
        for number in range(ARTICLES_PER_PAGE + 1):
            article = ArticlePageFactory(
                parent=cls.section, title=f"Budget {number}", tags=["busy"], publication_date=APRIL
            )
            ArticleAuthor.objects.create(page=article, author=author)

    def test_every_listing_answers_its_first_and_last_page(self):
        for url in LISTINGS:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(self.client.get(with_page(url, "1")).status_code, 200)
                last = self.client.get(with_page(url, "2"))
                self.assertEqual(last.status_code, 200)
                self.assertRegex(last.content.decode(), r"Page 2 (of|sur) 2")

    def test_a_page_that_does_not_exist_is_not_found(self):
        for url in LISTINGS:
            for page in BAD_PAGES:
                with self.subTest(url=url, page=page[:30]):
                    self.assertEqual(self.client.get(with_page(url, page)).status_code, 404)

    def test_a_missing_page_is_never_kept_by_the_page_cache(self):
        for _attempt in range(2):
            response = self.client.get("/world/?page=99")
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response["X-Masthead-Cache"], "bypass")


def test_an_empty_listing_has_its_first_page_and_no_second(section, client):
    assert client.get("/world/").status_code == 200
    assert client.get("/world/?page=1").status_code == 200
    assert client.get("/world/?page=2").status_code == 404
    assert client.get("/search/?q=nothing").status_code == 200
    assert client.get("/search/?q=nothing&page=2").status_code == 404
