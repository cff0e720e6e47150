"""Bad input answers 400 or 404 with a page that says why, never a 500 (issue 12, item 7).

Each case is one that answered 500 (or a bare "Bad Request") before: a date filter at
the edge of the calendar, an id wider than the database's integers, a body past
DATA_UPLOAD_MAX_MEMORY_SIZE, and a 429 that told nobody when to come back.
"""

import pytest
from bs4 import BeautifulSoup

from masthead.comments.tests.conftest import token_for
from masthead.news.tests.factories import ArticlePageFactory

HUGE_ID = "99999999999999999999999"  # wider than a 64-bit integer


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Talks end in Siem Reap", slug="talks")


@pytest.mark.django_db
class TestSearchDates:
    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("q=asean&end=9999-12-31", "between 1900-01-01 and 9998-12-31"),
            ("q=asean&start=9999-12-31", "between 1900-01-01 and 9998-12-31"),
            ("q=asean&start=0001-01-01", "between 1900-01-01 and 9998-12-31"),
            ("q=asean&start=0001-01-01&end=0001-01-01", "between 1900-01-01 and 9998-12-31"),
            ("q=asean&end=10000-01-01", "Enter a valid date"),
        ],
    )
    def test_a_date_at_the_edge_of_the_calendar_is_a_400_with_the_form(
        self, section, client, query, message
    ):
        response = client.get(f"/search/?{query}")
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        assert page.select_one("form[role=search], form.search-form, form") is not None
        assert message in page.get_text()

    def test_a_date_inside_the_range_still_searches(self, section, client):
        assert client.get("/search/?q=asean&start=2000-01-01&end=2099-12-31").status_code == 200

    @pytest.mark.parametrize("page", ["0", "-1", "abc", HUGE_ID, "1e9"])
    def test_an_impossible_results_page_is_a_404(self, article, client, page):
        assert client.get(f"/search/?q=talks&page={page}").status_code == 404


@pytest.mark.django_db
class TestArchiveMonths:
    @pytest.mark.parametrize("path", ["0/1", "99999/1", "2024/13", "2024/0", f"{HUGE_ID}/1"])
    def test_a_month_that_cannot_be_is_a_404(self, section, client, path):
        assert client.get(f"/archive/{path}/").status_code == 404


@pytest.mark.django_db
class TestIdsInUrls:
    @pytest.mark.parametrize("suffix", ["token/", ""])
    def test_an_id_wider_than_the_database_is_a_404(self, section, client, suffix):
        method = client.get if suffix else client.post
        response = method(f"/comments/{HUGE_ID}/{suffix}")
        assert response.status_code == 404

    def test_a_reply_to_a_parent_id_wider_than_the_database_is_refused_by_the_form(
        self, article, client
    ):
        """Before reaching a query: Django 5 happens to read an out-of-range id as "no
        row", but a raw query or another driver overflows."""
        response = client.post(
            f"/comments/{article.pk}/",
            {"name": "Ana", "body": "A reply.", "parent": HUGE_ID, "token": token_for(article)},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 400
        assert "less than or equal to" in response.json()["errors"]["parent"][0]


@pytest.mark.django_db
class TestOversizedBody:
    def test_a_body_past_the_upload_limit_gets_the_form_and_a_message(self, article, client):
        body = "x" * (10 * 1024 * 1024)
        response = client.post(
            f"/comments/{article.pk}/",
            {"name": "Ana", "body": body, "token": token_for(article)},
        )
        assert response.status_code == 413
        page = BeautifulSoup(response.content, "html.parser")
        assert page.select_one("form textarea[name=body]") is not None
        assert "too long" in page.get_text()

    def test_a_script_posting_too_much_gets_json(self, article, client):
        response = client.post(
            f"/comments/{article.pk}/",
            {"name": "Ana", "body": "x" * (10 * 1024 * 1024), "token": token_for(article)},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 413
        assert "too long" in response.json()["message"]


@pytest.mark.django_db
class TestTooManyRequests:
    def test_a_429_says_when_to_come_back(self, article, client, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 1, "min_seconds": 1, "window": 300}
        answers = [
            client.post(
                f"/comments/{article.pk}/",
                {"name": "Ana", "body": f"Point {n}.", "token": token_for(article, f"n{n}")},
            )
            for n in range(2)
        ]
        assert [a.status_code for a in answers] == [303, 429]
        assert answers[1]["Retry-After"] == "300"

    def test_a_429_in_json_says_it_too(self, article, client, settings):
        settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 0, "min_seconds": 1, "window": 120}
        response = client.post(
            f"/comments/{article.pk}/",
            {"name": "Ana", "body": "Hi.", "token": token_for(article)},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 429
        assert response["Retry-After"] == "120"
