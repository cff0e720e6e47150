"""An editor imports a WordPress export in the admin and reads the report."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from masthead.news.models import ArticlePage

from .test_editor import sign_in

pytestmark = pytest.mark.browser

WXR = Path(__file__).resolve().parents[2] / "masthead/importers/tests/fixtures/wordpress.xml"


def test_an_upload_shows_progress_then_the_report(demo_site, page, settings):
    settings.MASTHEAD_IMPORT_IN_THREAD = True  # in the background, as in production
    sign_in(page, demo_site.url)
    page.goto(demo_site.url + "/admin/")
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Import and export").click()
    page.set_input_files("input[type=file]", str(WXR))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("progress#import-progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Report")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("link", name="Bridge reopens after two years")).to_be_visible()
    assert ArticlePage.objects.filter(title="Bridge reopens after two years", live=False).exists()
