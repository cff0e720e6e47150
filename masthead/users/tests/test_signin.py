"""Admin sign-in is throttled per account and per address (issue 12, finding 5: fifty
wrong passwords were all answered, and the right one worked at once after)."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.test import Client

import pytest
from axes.models import AccessAttempt, AccessFailureLog

from masthead.users.models import User

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"  # noqa: S105


@pytest.fixture
def ana(db):
    return User.objects.create_user("ana", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
    return settings


def sign_in(username: str, password: str, *, address: str = "192.0.2.1", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(LOGIN, {"username": username, "password": password, "next": ""})
    return response


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def fail(times: int, *, username: str = "ana", addresses=None, **headers) -> list[int]:
    """Wrong passwords; the statuses answered (the last failure allowed answers 429)."""
    addresses = addresses or ["192.0.2.1"] * times
    return [
        sign_in(username, "wrong", address=address, **headers).status_code
        for address in addresses[:times]
    ]


def test_wrong_passwords_lock_the_account_whatever_the_address(ana, limits):
    assert fail(3, addresses=["198.51.100.1", "198.51.100.2", "198.51.100.3"]) == [200, 200, 429]
    response = sign_in("ana", PASSWORD, address="198.51.100.4")
    assert response.status_code == 429 and not signed_in(response)
    assert "Try again in 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert 'name="username"' in response.content.decode()  # the sign-in form, again


def test_wrong_passwords_from_one_address_lock_that_address(ana, limits, db):
    User.objects.create_user("ben", password=PASSWORD, is_staff=True)
    for username in ("x", "y", "z"):
        fail(1, username=username, addresses=["192.0.2.9"])
    assert sign_in("ben", PASSWORD, address="192.0.2.9").status_code == 429
    assert signed_in(sign_in("ben", PASSWORD, address="192.0.2.10"))


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(ana, limits):
    assert fail(2) == [200, 200]
    assert signed_in(sign_in("ana", PASSWORD))


def test_the_lockout_ends_after_the_cool_off(ana, limits):
    fail(3)
    assert sign_in("ana", PASSWORD).status_code == 429
    earlier = AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert signed_in(sign_in("ana", PASSWORD))


def test_every_failure_is_kept_with_its_address(ana, limits):
    fail(2, addresses=["192.0.2.1", "192.0.2.2"])
    logged = AccessFailureLog.objects.order_by("attempt_time")
    assert [(f.username, f.ip_address) for f in logged] == [
        ("ana", "192.0.2.1"),
        ("ana", "192.0.2.2"),
    ]


def test_the_address_behind_a_trusted_proxy_is_the_one_counted(ana, limits):
    limits.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = {"address": "127.0.0.1"}
    for username in ("x", "y", "z"):
        sign_in(username, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # Another reader behind the same proxy is not locked out with the first.
    assert signed_in(sign_in("ana", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **via_proxy))


def test_x_forwarded_for_from_an_untrusted_client_is_ignored(ana, limits):
    limits.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    for username in ("x", "y", "z"):
        sign_in(username, "wrong", address="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # Writing another X-Forwarded-For does not escape the lockout.
    response = sign_in("ana", PASSWORD, address="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert response.status_code == 429


def test_passwords_are_hashed_with_argon2(settings):
    from masthead.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("secret").startswith("argon2$")
