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


STAR_COLOURS = """() => [1, 2, 3, 4, 5].map((n) => getComputedStyle(
    document.querySelector(`input[name=rating][value="${n}"]`).labels[0]).color)"""


def star_label(page, value: str):
    """The label of the rating input with this value, found from the input, not its markup."""
    input_id = page.get_attribute(f"input[name=rating][value='{value}']", "id")
    return page.locator(f"label[for='{input_id}']")


def star_colours(page) -> list[str]:
    """The computed colour of the labels of stars 1 to 5, found from their inputs."""
    return page.evaluate(STAR_COLOURS)


class Picker:
    """The colours a lit and an unlit star have on this page, read before any choice."""

    def __init__(self, page):
        self.page = page
        page.mouse.move(0, 0)
        unlit = set(star_colours(page))
        assert len(unlit) == 1, unlit
        self.off = unlit.pop()
        star_label(page, "5").click()
        page.mouse.move(0, 0)
        lit = set(star_colours(page))
        assert len(lit) == 1, lit
        self.on = lit.pop()
        assert self.on != self.off

    def assert_lit(self, count: int, how: str) -> None:
        expected = [self.on] * count + [self.off] * (5 - count)
        assert star_colours(self.page) == expected, f"{how} {count}"


@pytest.mark.parametrize("prefix", ["", "/fr"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_star_picker_lights_stars_one_to_n(demo_site, open_page, artifacts, prefix, scheme):
    page = open_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(demo_site.url + prefix + LEAD_PATH)
    picker = Picker(page)
    none_label = star_label(page, "")
    sizes = page.evaluate(
        "[...document.querySelectorAll('input[name=rating]')].map("
        "(input) => parseFloat(getComputedStyle(input.labels[0]).fontSize))"
    )
    assert sizes[0] < 0.7 * min(sizes[1:]), "'No rating' is a small text option"
    assert none_label.evaluate("(label) => getComputedStyle(label).color") != picker.on

    name = f"star-picker-{prefix.strip('/') or 'en'}-{scheme}"
    fieldset = page.locator("fieldset:has(input[name=rating])")
    for count in range(6):
        star_label(page, str(count or "")).click()
        page.mouse.move(0, 0)
        picker.assert_lit(count, "click")
        fieldset.screenshot(path=str(artifacts / f"{name}-{count}.png"))

    star_label(page, "2").click()
    for count in range(1, 6):
        star_label(page, str(count)).hover()
        picker.assert_lit(count, "hover")
    none_label.hover()
    picker.assert_lit(0, "hover on 'No rating'")
    page.mouse.move(0, 0)
    picker.assert_lit(2, "checked once the pointer leaves")

    page.reload()
    page.mouse.move(0, 0)
    tab_to(page, "input[name=rating]")
    for count in [*range(1, 6), 4, 3, 2, 1]:
        page.keyboard.press("ArrowRight" if count > picker_value(page) else "ArrowLeft")
        assert picker_value(page) == count
        focused = page.evaluate("getComputedStyle(document.activeElement.labels[0]).outlineStyle")
        assert focused == "solid", "the focused star shows its focus"
        picker.assert_lit(count, "keyboard")


def picker_value(page) -> int:
    return int(page.evaluate("document.activeElement.value") or 0)


def test_a_rating_sent_alone_shows_in_the_summary_and_the_picker_at_once(demo_site, page):
    from masthead.comments.models import CommentSettings, Moderation
    from masthead.news.models import ArticlePage

    settings = CommentSettings.for_site(ArticlePage.objects.first().get_site())
    settings.moderation = Moderation.NONE
    settings.save()
    page.goto(demo_site.url + LEAD_PATH)
    picker = Picker(page)
    star_label(page, "4").click()
    time.sleep(1.1)  # the form's time trap wants a human pause
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".form-status .notice--success")
    assert page.inner_text(".rating-summary__text") == "Rated 4 out of 5 stars (1 rating)"
    assert "stars--fill-80" in page.get_attribute(".rating-summary .stars", "class")
    fill = page.eval_on_selector(
        ".rating-summary .stars", "e => getComputedStyle(e).getPropertyValue('--fill')"
    )
    assert fill.strip() == "80%"
    assert page.is_checked("input[name=rating][value='4']")
    page.mouse.move(0, 0)
    picker.assert_lit(4, "after sending")
    assert page.inner_text(".discussion__empty") == "No comments yet."
    assert page.inner_text("#comments-title") == "Comments"

    star_label(page, "2").click()
    page.fill("input[name=name]", "Sophea")
    page.fill("textarea[name=body]", "The statements section helps.")
    time.sleep(1.1)
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".comment-list .comment")
    assert page.inner_text(".rating-summary__text") == "Rated 2 out of 5 stars (1 rating)"
    assert page.inner_text("#comments-title") == "Comments (1)"
    assert page.locator(".discussion__empty").count() == 0
    assert page.is_checked("input[name=rating][value='2']")
