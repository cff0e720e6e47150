"""A reader finds an article by search, follows a tag, subscribes and shares."""

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reader_searches_opens_a_result_follows_a_tag_subscribes_and_shares(
    demo_site, page, browser
):
    page.goto(demo_site.url + "/")
    page.fill("#site-search-q", "Kung Phoak")
    page.press("#site-search-q", "Enter")
    assert urlsplit(page.url).path == "/search/"
    assert page.locator(".search-snippet mark").first.inner_text() == "Kung"

    page.locator(".search-results .teaser__title a").first.click()
    assert page.locator("h1").inner_text().startswith("ASEAN and the United States")

    page.locator("ul.tags a", has_text="Diplomacy").click()
    assert urlsplit(page.url).path == "/tags/diplomacy/"
    feed_href = page.locator(
        'link[rel=alternate][type="application/rss+xml"][href*="/tag/"]'
    ).get_attribute("href")
    feed = page.request.get(demo_site.url + feed_href)
    assert feed.status == 200 and b"<rss" in feed.body()

    page.go_back()
    telegram = page.locator("a.share__link--telegram")
    target = urlsplit(telegram.get_attribute("href"))
    assert (target.scheme, target.netloc, target.path) == ("https", "t.me", "/share/url")
    (shared_url,) = parse_qs(target.query)["url"]
    assert urlsplit(shared_url).path == urlsplit(page.url).path
    assert telegram.get_attribute("rel") == "noopener noreferrer nofollow"


def test_copy_link_button_is_added_by_javascript(demo_site, open_page):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(demo_site.url + "/world/asean-us-dialogue-siem-reap-2025/")
    page.click("button.share__copy")
    expect(page.locator("button.share__copy")).to_have_text(
        "Link copied"
    )  # waits for the clipboard
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        "/world/asean-us-dialogue-siem-reap-2025/"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=ASEAN",
        "/tags/asean/",
        "/authors/newsroom-staff/",
        "/archive/",
        "/archive/2025/4/",
    ],
)
def test_axe_finds_no_violations_on_discovery_pages(demo_site, page, path):
    page.goto(demo_site.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
