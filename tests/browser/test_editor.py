"""An editor meets an editorial check in the Wagtail admin."""

import pytest

from masthead.news.models import ArticlePage, SectionPage
from masthead.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.browser

LEDE = (
    "<p>"
    + "Officials of both sides met in Siem Reap to take their partnership further. " * 4
    + "</p>"
)


def test_publishing_an_article_with_a_repeated_lede_shows_the_message(
    demo_site, open_page, django_user_model, artifacts
):
    django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-passphrase")
    section = SectionPage.objects.get(slug="world")
    draft = ArticlePageFactory(
        parent=section,
        title="Draft with a repeated lede",
        slug="repeated-lede",
        live=False,
        body=[{"type": "paragraph", "value": LEDE}, {"type": "paragraph", "value": LEDE}],
    )
    draft.save_revision()

    page = open_page(viewport={"width": 1400, "height": 1000})
    page.goto(demo_site.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "a-long-passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(demo_site.url + f"/admin/pages/{draft.pk}/edit/")
    assert "Paragraph 2 repeats paragraph 1." in page.inner_text("[data-editorial-checks]")

    page.locator(".w-dropdown-button button:has-text('More actions')").last.click()
    page.click("button[name=action-publish]")
    page.wait_for_load_state()
    assert "This article cannot be published until these are fixed:" in page.content()
    page.screenshot(path=str(artifacts / "editor-check-refused.png"), full_page=True)
    assert not ArticlePage.objects.get(pk=draft.pk).live
