"""Two-step sign-in: a code from an authenticator app after the password, optional for
staff, required of Administrators when MASTHEAD_REQUIRE_2FA_FOR_ADMINS says so."""

import time
from urllib.parse import unquote

from django.contrib.auth.models import Group
from django.test import Client

import pytest
from axes.models import AccessFailureLog
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from masthead.editorial.roles import ADMINISTRATORS, EDITORS
from masthead.users.models import User

LOGIN = "/admin/login/"
VERIFY = "/admin/two-step/code/"
ENROL = "/admin/two-step/"
PASSWORD = "correct horse battery staple"  # noqa: S105


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or in `steps_ahead` periods of 30 s)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def svg_uri(page: str) -> str:
    return page.split("data:image/svg+xml")[1].split('"')[0]


def wrong(device: TOTPDevice) -> str:
    return f"{(int(code(device)) + 500000) % 1000000:06d}"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """django-otp makes the next try wait after a wrong code; tests that check it say so."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.fixture
def ana(db):
    return User.objects.create_user("ana", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("eve", password=PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def device(ana):
    return TOTPDevice.objects.create(user=ana, name="Masthead", confirmed=True)


def signed_in_with_password(username: str = "ana") -> Client:
    client = Client(REMOTE_ADDR="192.0.2.1")
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    return client


def test_without_an_app_the_password_opens_the_admin(ana):
    client = signed_in_with_password()
    assert client.get("/admin/").status_code == 200


def test_with_an_app_the_admin_asks_for_its_code_after_the_password(device):
    client = signed_in_with_password()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_until_the_code_no_page_opens_but_the_code_page_and_what_it_loads(device):
    client = signed_in_with_password()
    assert client.get("/search/?q=asean")["Location"].startswith(VERIFY)
    assert client.get("/admin/two-step/")["Location"].startswith(VERIFY)  # no new app either
    # The code page's own scripts fetch the icons and translations: they are not redirected.
    assert client.get("/admin/sprite/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200


def test_the_right_code_opens_the_admin_where_the_person_was_going(device):
    client = signed_in_with_password()
    response = client.post(VERIFY, {"code": code(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_logged(device):
    client = signed_in_with_password()
    response = client.post(VERIFY, {"code": wrong(device), "next": "/admin/"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still not in
    assert list(AccessFailureLog.objects.values_list("username", "ip_address")) == [
        ("ana", "192.0.2.1")
    ]


def test_a_malformed_code_is_refused_without_counting(device):
    client = signed_in_with_password()
    response = client.post(VERIFY, {"code": "12ab"})
    assert "Enter the six digits your app shows." in response.content.decode()
    assert not AccessFailureLog.objects.exists()


def test_wrong_codes_lock_the_account_and_sign_the_person_out(device):
    client = signed_in_with_password()
    statuses = [client.post(VERIFY, {"code": wrong(device)}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/admin/").status_code == 302  # to the sign-in page, not the code
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    again = Client(REMOTE_ADDR="192.0.2.7")
    response = again.post(LOGIN, {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429  # the right password, refused during the lockout


def test_after_a_wrong_code_the_next_try_waits(device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    client = signed_in_with_password()
    client.post(VERIFY, {"code": wrong(device)})
    response = client.post(VERIFY, {"code": code(device)})
    assert response.status_code == 429
    assert "Too many wrong codes. Try again in" in response.content.decode()


def test_a_code_cannot_be_used_twice(device):
    first = signed_in_with_password()
    used = code(device)
    first.post(VERIFY, {"code": used})
    second = signed_in_with_password()
    response = second.post(VERIFY, {"code": used})
    assert "That code is not right" in response.content.decode()


def test_the_code_page_only_sends_back_to_this_site(device):
    client = signed_in_with_password()
    response = client.post(VERIFY, {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_enrolment_shows_a_local_qr_code_and_the_key_then_turns_on_with_a_code(ana):
    client = Client()
    client.force_login(ana)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=ana, confirmed=False)
    assert 'src="data:image/svg+xml' in page
    svg = unquote(svg_uri(page))
    assert "<path" in svg and "href" not in svg  # drawn here, nothing fetched from elsewhere
    assert device.config_url.split("secret=")[1].split("&")[0][:4] in page  # the key, typed
    assert client.get(ENROL).content.decode().count(svg_uri(page)) == 1  # the same on reload
    refused = client.post(ENROL, {"code": wrong(device)})
    assert "That code is not right" in refused.content.decode()
    response = client.post(ENROL, {"code": code(device), "next": "/admin/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # this session counts as verified


def test_staff_may_turn_it_off(device):
    client = Client()
    client.force_login(device.user)
    client.post(VERIFY, {"code": code(device)})
    client.post("/admin/two-step/remove/")
    assert not TOTPDevice.objects.exists()


def test_the_setting_sends_an_administrator_without_an_app_to_set_one_up(ana, settings):
    settings.MASTHEAD_REQUIRE_2FA_FOR_ADMINS = True
    client = signed_in_with_password()
    response = client.get("/admin/")
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    assert "Administrators must use two-step verification" in client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=ana)
    client.post(ENROL, {"code": code(device)})
    assert client.get("/admin/").status_code == 200
    client.post("/admin/two-step/remove/")
    assert TOTPDevice.objects.filter(user=ana, confirmed=True).exists()  # kept


def test_the_setting_covers_the_administrators_group_not_other_roles(editor, settings, db):
    settings.MASTHEAD_REQUIRE_2FA_FOR_ADMINS = True
    client = signed_in_with_password("eve")
    assert client.get("/admin/").status_code == 200
    editor.groups.add(Group.objects.get(name=ADMINISTRATORS))
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_administrators_read_the_failed_sign_ins_and_others_cannot(ana, editor):
    Client(REMOTE_ADDR="198.51.100.3").post(LOGIN, {"username": "ana", "password": "wrong"})
    admin = Client()
    admin.force_login(ana)
    page = admin.get("/admin/signin-failures/")
    assert page.status_code == 200
    assert "198.51.100.3" in page.content.decode()
    other = Client()
    other.force_login(editor)
    refused = other.get("/admin/signin-failures/", follow=True)
    assert "198.51.100.3" not in refused.content.decode()
    assert "Sorry, you do not have permission" in refused.content.decode()
