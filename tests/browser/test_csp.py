"""Every reader page and the admin's main screens work under their Content-Security-Policy:
the browser reports no violation, neither in the console nor as a securitypolicyviolation
event (issue 12, item 6)."""

import time

import pytest

from masthead.comments.models import Comment, CommentSettings, Moderation, Rating
from masthead.news.models import ArticlePage
from tests.browser.test_comments import star_label
from tests.browser.test_editor import sign_in

pytestmark = pytest.mark.browser

LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
READER_PATHS = [
    "/",
    "/world/",
    LEAD_PATH,
    "/tags/asean/",
    "/authors/newsroom-staff/",
    "/search/?q=ASEAN",
    "/archive/",
    "/archive/2025/4/",
    "/no-such-page/",
]
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Violations:
    """What the browser refused on one tab, from the console and from the DOM event."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(LISTENER)
        page.on("console", self.heard)

    def heard(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def on(self, path: str) -> list[str]:
        events = self.page.evaluate("window.__cspViolations || []")
        found = [f"{path}: {text}" for text in [*self.console, *events]]
        self.console.clear()
        return found


def test_reader_pages_and_the_rating_script_raise_no_violation(demo_site, page, artifacts):
    article = ArticlePage.objects.live().get(url_path__endswith=LEAD_PATH)
    Comment.objects.create(article=article, name="Dara", body="Well reported.", reader_key="c:1")
    settings = CommentSettings.for_site(article.get_site())
    settings.moderation = Moderation.NONE
    settings.save()
    violations = Violations(page)
    found = []
    for path in READER_PATHS:
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
        found += violations.on(path)
    page.goto(demo_site.url + LEAD_PATH)
    star_label(page, "3").click()
    time.sleep(1.1)  # the form's time trap wants a human pause
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".form-status .notice--success")
    page.screenshot(path=artifacts / "csp-article-rated.png")
    page.locator(".rating-summary").first.screenshot(path=artifacts / "csp-rating-summary.png")
    found += violations.on(LEAD_PATH + " (rating sent)")
    assert found == []
    assert Rating.objects.filter(article=article, value=3).exists()


def test_the_admin_main_screens_raise_no_violation(demo_site, open_page, artifacts):
    article = ArticlePage.objects.live().first()
    Comment.objects.create(article=article, name="Dara", body="Well reported.", reader_key="c:1")
    page = open_page(viewport={"width": 1400, "height": 1000})
    violations = Violations(page)
    sign_in(page, demo_site.url, username="chief")
    found = violations.on("/admin/login/ and /admin/")
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{article.get_parent().pk}/",
        f"/admin/pages/{article.pk}/edit/",
        "/admin/snippets/comments/comment/",
    ):
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
        found += violations.on(path)
    page.screenshot(path=artifacts / "csp-admin-comment-queue.png")
    assert found == []
