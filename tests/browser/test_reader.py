"""What a reader does on the demo site, in Debian's Chromium."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_reader_skips_to_content_then_follows_the_table_of_contents(
    demo_site, page, artifacts
):
    page.goto(demo_site.url + LEAD_PATH)

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to content", "href": "#main"}
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.locator("nav.toc a", has_text="Crisis in Myanmar").click()
    assert urlsplit(page.url).fragment == "crisis-in-myanmar"
    top = page.evaluate("document.getElementById('crisis-in-myanmar').getBoundingClientRect().top")
    assert 0 <= top < 100

    screenshot = artifacts / "article-toc.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000


def test_article_page_reads_on_a_phone(demo_site, phone, artifacts):
    phone.goto(demo_site.url + LEAD_PATH)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone.screenshot(path=str(artifacts / "article-phone.png"), full_page=True)


def test_article_page_needs_no_javascript(demo_site, open_page):
    page = open_page(java_script_enabled=False)
    page.goto(demo_site.url + LEAD_PATH)
    assert page.locator("h1").inner_text().startswith("ASEAN and the United States")
    assert page.locator(".article__body h2").count() == 7


def test_reader_pages_load_everything_from_their_own_host(demo_site, page):
    responses = []
    page.on(
        "response",
        lambda response: responses.append(
            (urlsplit(response.url).netloc, response.status, response.url)
        ),
    )
    for path in ("/", LEAD_PATH, "/fr" + LEAD_PATH, "/economy/"):
        page.goto(demo_site.url + path)
    assert {host for host, _status, _url in responses} == {urlsplit(demo_site.url).netloc}
    assert [url for _host, status, url in responses if status >= 400] == []
    assert any(url.endswith(".css") for _host, _status, url in responses)


def test_stylesheet_is_applied(demo_site, page):
    page.goto(demo_site.url + LEAD_PATH)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position")
        == "absolute"
    )


@pytest.mark.parametrize(
    "path", ["/", LEAD_PATH, "/fr/", "/fr" + LEAD_PATH, "/economy/", "/no-such-page/"]
)
def test_axe_finds_no_violations(demo_site, page, path):
    page.goto(demo_site.url + path)
    assert_no_axe_violations(page)


def test_reader_switches_the_interface_to_french(demo_site, page):
    page.goto(demo_site.url + LEAD_PATH)
    page.locator("nav.language-switcher a[lang=fr]").click()
    assert urlsplit(page.url).path == "/fr" + LEAD_PATH
    assert page.locator("nav.toc h2").inner_text() == "Sommaire"
    assert page.locator("html").get_attribute("lang") == "fr"


def test_axe_finds_no_violations_on_an_article_with_a_correction(demo_site, page):
    from masthead.news.models import ArticleCorrection, ArticlePage

    article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
    ArticleCorrection.objects.create(
        page=article, kind="correction", text="An earlier version gave the wrong date."
    )
    page.goto(demo_site.url + LEAD_PATH)
    assert "wrong date" in page.inner_text("section.corrections")
    assert_no_axe_violations(page)
