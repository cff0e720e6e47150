"""A staff member turns on two-step verification in the admin, then signs in with a code."""

import time
from base64 import b32decode
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passphrase"  # noqa: S105 (a test account on a throwaway database)


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in from the page."""
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def sign_in_with_password(page, url: str) -> None:
    page.goto(url + "/admin/login/")
    page.fill("input[name=username]", "dara")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_enrolment_from_the_account_then_sign_in_with_a_code(demo_site, page, settings):
    from django.contrib.auth import get_user_model

    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (tried in users/tests)
    get_user_model().objects.create_superuser("dara", "dara@example.org", PASSWORD)
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname))
    sign_in_with_password(page, demo_site.url)
    page.wait_for_url("**/admin/")

    page.goto(demo_site.url + "/admin/account/")
    page.get_by_role("tab", name="More actions").click()
    page.get_by_role("link", name="Two-step verification").click()
    expect(page.locator("img[data-two-step-qr]")).to_be_visible()
    secret = page.locator("[data-two-step-secret]").inner_text()
    page.fill("input[name=code]", code_for(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_text("Two-step verification is on for your account.")).to_be_visible()

    page.context.clear_cookies()  # a new visit, as tomorrow morning
    sign_in_with_password(page, demo_site.url)
    page.wait_for_url("**/admin/two-step/code/**")
    page.fill("input[name=code]", f"{(int(code_for(secret)) + 500000) % 1000000:06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".messages").get_by_text("That code is not right.")).to_be_visible()
    # The code just used to enrol is spent: the app's next one, as a person would wait for.
    page.fill("input[name=code]", code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")
    expect(page.locator("#main")).to_be_visible()
    assert set(hosts) == {urlsplit(demo_site.url).hostname}
