"""A reader rates and comments with the keyboard; a moderator approves it in the admin."""

import time
from urllib.parse import urlsplit

from django.contrib.auth.models import Group, Permission

import pytest
from axe_playwright_python.sync_playwright import Axe

from masthead.comments.models import Comment, Rating

pytestmark = pytest.mark.browser

LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
MODERATOR_PERMISSIONS = ["access_admin", "view_comment", "change_comment", "delete_comment"]


@pytest.fixture
def moderator(django_user_model):
    group, _created = Group.objects.get_or_create(name="Moderators")
    group.permissions.set(Permission.objects.filter(codename__in=MODERATOR_PERMISSIONS))
    user = django_user_model.objects.create_user(
        "moderator", "mod@example.org", "a-long-passphrase"
    )
    user.groups.add(group)
    return user


def tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_reader_rates_and_comments_then_a_moderator_approves(
    demo_site, open_page, moderator, artifacts
):
    reader = open_page(reduced_motion="reduce")
    reader.goto(demo_site.url + LEAD_PATH)

    tab_to(reader, "input[name=rating]")
    for _ in range(4):
        reader.keyboard.press("ArrowRight")
    assert reader.evaluate("document.querySelector('input[name=rating]:checked').value") == "4"
    tab_to(reader, "input[name=name]")
    reader.keyboard.type("Sophea")
    tab_to(reader, "textarea[name=body]")
    reader.keyboard.type("A clear account of the talks.\nThe statements section helps.")
    time.sleep(1.1)  # the form's time trap wants a human pause
    tab_to(reader, "button[type=submit]")
    reader.keyboard.press("Enter")
    reader.wait_for_selector(".form-status .notice--success")
    assert "moderator" in reader.inner_text(".form-status")
    assert Comment.objects.get().status == Comment.Status.PENDING
    reader.screenshot(path=str(artifacts / "comment-pending.png"), full_page=True)

    admin = open_page()
    admin.goto(demo_site.url + "/admin/login/")
    admin.fill("input[name=username]", "moderator")
    admin.fill("input[name=password]", "a-long-passphrase")
    admin.click("button[type=submit]")
    admin.wait_for_url("**/admin/")
    admin.goto(demo_site.url + "/admin/snippets/comments/comment/?status=pending")
    admin.check("input[data-bulk-action-checkbox]")
    admin.click("[aria-label='Approve the selected comments']")
    admin.click("button[type=submit]:has-text('Yes, go ahead')")
    admin.wait_for_url("**/admin/snippets/comments/comment/**")
    assert Comment.objects.get().status == Comment.Status.APPROVED

    reader.goto(demo_site.url + LEAD_PATH)
    assert reader.inner_text(".rating-summary__text") == "Rated 4 out of 5 stars (1 rating)"
    assert reader.inner_text(".comment .comment__author") == "Sophea"
    results = Axe().run(reader)
    assert results.violations_count == 0, results.generate_report()
    reader.screenshot(path=str(artifacts / "comment-approved.png"), full_page=True)


def test_rating_alone_without_javascript(demo_site, open_page):
    """The cached page carries no token: the first press brings the form back with one."""
    page = open_page(java_script_enabled=False)
    page.goto(demo_site.url + LEAD_PATH)
    page.check("#id_rating_5", force=True)
    page.click("#comment-form button[type=submit]")
    assert "press Send again" in page.inner_text("#comment-form [role=status]")
    assert page.is_checked("#id_rating_5")
    assert not Rating.objects.exists()
    time.sleep(1.1)
    page.click("#comment-form button[type=submit]")
    assert urlsplit(page.url).fragment == "comments"
    assert page.inner_text(".rating-summary__text") == "Rated 5 out of 5 stars (1 rating)"
    assert "your rating counts now" in page.inner_text(".discussion [role=status]")


def test_form_errors_are_announced_and_accessible(demo_site, page):
    page.goto(demo_site.url + LEAD_PATH)
    time.sleep(1.1)
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".form-status .notice--error")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
