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


SCHEME_PAGES = {"front": "/", "section": "/world/", "article": LEAD_PATH}
RULE_AND_COLUMN = """() => {
    const main = document.querySelector("main"), style = getComputedStyle(main);
    const box = main.getBoundingClientRect(), footer = document.querySelector(".site-footer");
    const rule = footer.getBoundingClientRect();
    return {
        column: [box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)],
        rule: [rule.left, rule.right],
        width: parseFloat(getComputedStyle(footer).borderTopWidth),
    };
}"""


@pytest.fixture
def discussed_article(demo_site):
    """The lead article with a published, rated comment under it."""
    from masthead.comments.models import Comment
    from masthead.comments.services import comment_set_status
    from masthead.news.models import ArticlePage

    article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
    comment = Comment.objects.create(
        article=article, name="Sophea", body="A clear account.", rating=4, reader_key="r1"
    )
    comment_set_status(comment, Comment.Status.APPROVED)
    return article


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", SCHEME_PAGES)
def test_axe_finds_no_violations_in_either_colour_scheme(
    demo_site, discussed_article, open_page, artifacts, scheme, name
):
    page = open_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(demo_site.url + SCHEME_PAGES[name])
    paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (paper == "rgb(255, 255, 255)") == (scheme == "light"), paper
    if name == "article":
        assert page.inner_text(".comment .comment__author") == "Sophea"
        page.locator("label[for=id_rating_3]").click()  # the picker, lit, in the audit
        page.mouse.move(0, 0)
    page.screenshot(path=str(artifacts / f"{name}-{scheme}.png"), full_page=True)
    assert_no_axe_violations(page)


def test_printing_an_article_keeps_the_story_and_its_address(demo_site, page, artifacts):
    from masthead.news.models import ArticleCorrection, ArticlePage

    article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
    ArticleCorrection.objects.create(
        page=article, kind="correction", text="An earlier version gave the wrong date."
    )
    page.goto(demo_site.url + LEAD_PATH)
    page.emulate_media(media="print")
    kept = ["h1", ".article__meta .byline", ".article__meta time", ".article__body"]
    kept += [".corrections", ".site-footer__url"]
    dropped = [".site-search", ".share", ".related", "#comment-form", ".discussion"]
    dropped += [".site-nav", ".language-switcher", ".follow", ".toc"]
    assert [selector for selector in kept if not page.locator(selector).first.is_visible()] == []
    assert [selector for selector in dropped if page.locator(selector).first.is_visible()] == []
    assert page.inner_text(".site-footer__url") == demo_site.url + LEAD_PATH
    page.screenshot(path=str(artifacts / "article-print.png"), full_page=True)

    text = printed_pages(page.pdf(format="A4"), artifacts / "article-print")
    assert "ASEAN and the United States close" in text[0]
    assert demo_site.url + LEAD_PATH in text[-1].replace("\r\n", "").replace("\n", "")
    assert "wrong date" in "".join(text)
    for absent in ("Share this article", "Related articles", "Add a comment", "Follow us"):
        assert absent not in "".join(text)


def printed_pages(pdf: bytes, stem) -> list[str]:
    """Each printed page's text; each page saved as a PNG to look at."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    texts = []
    for number, printed in enumerate(document, start=1):
        printed.render(scale=1).to_pil().save(f"{stem}-{number}.png")
        texts.append(printed.get_textpage().get_text_range())
    return texts


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_the_footer_rule_spans_the_content_column(demo_site, open_page, artifacts, viewport):
    width, height = viewport
    page = open_page(viewport={"width": width, "height": height})
    for path in ("/", LEAD_PATH):
        page.goto(demo_site.url + path)
        measured = page.evaluate(RULE_AND_COLUMN)
        assert measured["width"] >= 1, "the footer's top border is the rule"
        assert [round(x) for x in measured["rule"]] == [round(x) for x in measured["column"]], path
    page.locator(".site-footer").screenshot(path=str(artifacts / f"footer-{width}.png"))
