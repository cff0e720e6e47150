"""Two-step sign-in for staff: a password, then a six-digit code from an authenticator app.

django-otp keeps the devices (one TOTP secret per person) and checks the codes; this
module is Masthead's policy around it: who must use it, how a person enrols, and what
a wrong code costs. A wrong code counts as a failed sign-in for django-axes, so the
same lockout covers a stolen password tried against the second step.
"""

import math
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

import django_otp
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from masthead.editorial.roles import ADMINISTRATORS

VERIFY, ENROL = "verify", "enrol"


def is_administrator(user) -> bool:
    """A superuser, or a member of the newsroom's Administrators group."""
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def step_needed(user) -> str | None:
    """What a signed-in person must do before the admin opens: type a code (VERIFY),
    set up an app first (ENROL, for Administrators when the setting requires it), or
    nothing (None)."""
    if not user.is_authenticated or user.is_verified():
        return None
    if confirmed_device(user) is not None:
        return VERIFY
    if settings.MASTHEAD_REQUIRE_2FA_FOR_ADMINS and is_administrator(user):
        return ENROL
    return None


def may_remove(user) -> bool:
    """Administrators keep their app while the setting requires one."""
    return not (settings.MASTHEAD_REQUIRE_2FA_FOR_ADMINS and is_administrator(user))


def enrolment_device(user) -> TOTPDevice:
    """The person's unconfirmed device, made once: reloading the page shows the same
    secret, so an app that already scanned it still matches."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=settings.OTP_TOTP_ISSUER, confirmed=False
        )
    return device


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, grouped by four, as authenticator apps take it typed in
    qr_data_uri: str  # the otpauth:// address as an SVG QR code, drawn here, as a data: URI


def enrolment_details(device: TOTPDevice) -> Enrolment:
    qr = segno.make(device.config_url, error="m")
    secret = b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return Enrolment(secret=grouped, qr_data_uri=qr.svg_data_uri(scale=5, border=2))


def enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Turns the device on when the code matches; the session then counts as verified."""
    if not device.verify_token(code):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    return True


def devices_remove(*, user) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def seconds_to_wait(device: TOTPDevice) -> int:
    """While django-otp throttles the device after wrong codes: how long, else 0."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def code_check(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """The second step. A right code verifies the session; a wrong one is a failed
    sign-in that django-axes logs and counts towards the lockout (django-otp also makes
    the next try wait, doubling each time: the brake on guessing six digits)."""
    if device.verify_token(code):
        django_otp.login(request, device)
        return True
    user_login_failed.send(
        sender=TOTPDevice,
        credentials={"username": request.user.get_username()},
        request=request,
    )
    return False
