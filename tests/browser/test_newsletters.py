"""A reader signs up from the end of an article, with JavaScript and without."""

from django.core import mail

import pytest
from axe_playwright_python.sync_playwright import Axe

from masthead.newsletters.models import Subscriber

pytestmark = pytest.mark.browser

LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
FORM = "form[data-newsletter-form]:has(#newsletter-email-article)"


def sign_up(page, email: str) -> None:
    form = page.locator(FORM)
    form.get_by_label("Breaking news").check()
    form.get_by_label("Your e-mail address").fill(email)
    form.get_by_role("button", name="Subscribe").click()


def test_sign_up_without_javascript(demo_site, open_page):
    page = open_page(java_script_enabled=False)
    page.goto(demo_site.url + LEAD_PATH)
    sign_up(page, "nojs@example.org")
    page.wait_for_url("**/newsletter/subscribe/")
    assert "a message is on its way" in page.locator("main").inner_text()
    assert [m.to for m in mail.outbox] == [["nojs@example.org"]]
    assert "Breaking news" in mail.outbox[0].body
    assert not Subscriber.objects.get(email="nojs@example.org").is_confirmed


def test_sign_up_with_javascript_stays_on_the_article(demo_site, page):
    page.goto(demo_site.url + LEAD_PATH)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    sign_up(page, "js@example.org")
    status = page.locator(FORM).locator("[data-newsletter-status]")
    status.wait_for(state="visible")
    assert "a message is on its way" in status.inner_text()
    assert page.url.endswith(LEAD_PATH)
    assert [m.to for m in mail.outbox] == [["js@example.org"]]
