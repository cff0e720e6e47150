"""An editor in the Wagtail admin: writing, publishing, the checks and the comment queue."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from masthead.comments.models import Comment
from masthead.news.models import ArticlePage, SectionPage

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passphrase"  # noqa: S105 (a test account on a throwaway database)
STEPS = "Officials set out the next steps of the partnership."
LEDE = "Officials of both sides met in Siem Reap to take their partnership further. " * 4


def sign_in(page, url: str, username: str = "sophea") -> None:
    """A superuser: the newsroom's groups come from a migration, which the live server's
    flush between tests removes (their permissions are tried in editorial/tests)."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    page.goto(url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def add_paragraph(page, text: str) -> None:
    """Insert a paragraph block at the end of the body and type into it."""
    editors = page.locator(".public-DraftEditor-content")
    before = editors.count()
    page.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name="Paragraph").first.click()
    expect(editors).to_have_count(before + 1)
    editor = editors.nth(before)
    editor.click()
    expect(editor).to_be_focused()
    page.keyboard.type(text)


def wait_for_typing(page, *, block: int, length: int) -> None:
    """Draftail copies what was typed into the form a moment later: wait until it has."""
    page.wait_for_function(
        """([name, length]) => {
            const field = document.querySelector(`input[name='${name}']`);
            const value = field && JSON.parse(field.value || "null");
            return Boolean(value) && value.blocks[0].text.length >= length;
        }""",
        arg=[f"body-{block}-value", length],
    )


def saved_as_a_draft(page, seconds: float = 20) -> None:
    """Wait for Wagtail's autosave to create the article (the address becomes its edit
    page), or save the draft by hand when autosave never posts.

    Pressing Save while autosave's request is on its way posts to the "add" address a
    second time and finds the slug taken (a Wagtail race), hence the wait. Autosave starts
    on the form's first change, and on a loaded machine it sometimes never posts at all
    (no request in the server's log for 30 s): an editor would then press Save.
    """
    try:
        page.wait_for_url("**/edit/", timeout=seconds * 1000)
    except PlaywrightTimeout:
        with page.expect_navigation():
            page.get_by_role("button", name="Save draft").click()
        page.wait_for_url("**/edit/")


def settle(page) -> None:
    """Let an autosave that started while the paragraph was being typed finish.

    On a loaded machine the first autosave can post half a sentence and answer after the
    typing ends; pressing Save draft before the editor has taken in that answer is a race
    the editor's own "Saving…" indicator would warn a person about.
    """
    expect(page.locator(".w-autosave-indicator__state--saving")).to_be_hidden(timeout=20_000)
    page.wait_for_load_state("networkidle")


def new_article(page, url: str, headline: str) -> None:
    section = SectionPage.objects.get(slug="world")
    page.goto(url + f"/admin/pages/add/news/articlepage/{section.pk}/")
    page.locator("#id_title").press_sequentially(headline)


def test_the_slug_follows_the_headline_and_a_draft_saves_without_promote(
    demo_site, open_page, artifacts
):
    page = open_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, demo_site.url)
    new_article(page, demo_site.url, "Delegates agree on a roadmap")
    expect(page.locator("#id_slug")).to_have_value("delegates-agree-on-a-roadmap")

    add_paragraph(page, STEPS)
    wait_for_typing(page, block=0, length=len(STEPS))
    saved_as_a_draft(page)
    settle(page)
    wait_for_typing(page, block=0, length=len(STEPS))
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    page.screenshot(path=str(artifacts / "editor-draft-saved.png"))
    article = ArticlePage.objects.get(slug="delegates-agree-on-a-roadmap")
    assert article.title == "Delegates agree on a roadmap" and not article.live
    assert STEPS in str(article.get_latest_revision_as_object().body)
    assert "error" not in page.locator(".messages").inner_text().casefold()


def test_a_refused_publish_saves_the_draft_and_shows_the_findings_at_once(
    demo_site, open_page, artifacts
):
    page = open_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, demo_site.url)
    new_article(page, demo_site.url, "Draft with a repeated lede")
    add_paragraph(page, LEDE)
    add_paragraph(page, LEDE)
    wait_for_typing(page, block=1, length=len(LEDE.strip()))
    saved_as_a_draft(page)  # the article exists, as in the report
    settle(page)

    page.locator(".w-dropdown-button button:has-text('More actions')").last.click()
    with page.expect_navigation():
        page.click("button[name=action-publish]")
    message = page.locator(".messages").inner_text().strip()
    assert message.startswith("Draft saved. Not published: 1 editorial check reports an error")
    assert "could not be" not in message
    checks = page.locator("[data-editorial-checks]").inner_text()
    assert "Paragraph 2 repeats paragraph 1." in checks
    assert "run when the article is saved" not in checks
    page.screenshot(path=str(artifacts / "editor-check-refused.png"), full_page=True)
    article = ArticlePage.objects.get(slug="draft-with-a-repeated-lede")
    assert not article.live


def test_the_admin_makes_no_request_to_another_host(demo_site, open_page):
    article = ArticlePage.objects.live().first()
    Comment.objects.create(article=article, name="Dara", body="Well reported.", reader_key="c:1")
    page = open_page(viewport={"width": 1400, "height": 1000})
    hosts = []
    page.on("request", lambda request: hosts.append((urlsplit(request.url).hostname, request.url)))
    sign_in(page, demo_site.url, username="chief")
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{article.pk}/edit/",
        "/admin/snippets/comments/comment/",
    ):
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
    own = urlsplit(demo_site.url).hostname
    elsewhere = [url for host, url in hosts if host != own and not url.startswith("data:")]
    assert elsewhere == []
    assert len(hosts) > 20


def test_the_comment_queue_speaks_of_comments(demo_site, open_page, artifacts):
    article = ArticlePage.objects.live().first()
    for number in range(3):
        Comment.objects.create(
            article=article,
            name=f"Sokha Chan {number}",
            body="A thoughtful remark about the talks in Siem Reap and what they mean for trade.",
            reader_key=f"cookie:{number}",
        )
    page = open_page(viewport={"width": 1280, "height": 800})
    sign_in(page, demo_site.url, username="dara")
    page.goto(demo_site.url + "/admin/snippets/comments/comment/")
    menu = page.locator("a.sidebar-menu-item__link[href$='/admin/snippets/comments/comment/']")
    label = menu.locator(".menuitem-label")
    assert label.inner_text() == "Comments"
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut off
    badge = menu.evaluate("e => getComputedStyle(e, '::after').content")
    assert badge == '"3"'
    link_box, label_box = menu.bounding_box(), label.bounding_box()
    assert label_box["x"] + label_box["width"] < link_box["x"] + link_box["width"]

    page.locator("input[data-bulk-action-checkbox]").first.check()
    assert page.locator("[data-bulk-action-num-objects]").inner_text() == "1 comment selected"
    page.screenshot(path=str(artifacts / "editor-comment-queue.png"))
