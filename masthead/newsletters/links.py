"""Signed links in the mails: confirm a sign-up, manage one's lists, leave a list.

No account and no password: the link is the proof of owning the address. Each carries
part of the subscriber's secret, so an erasure (a new secret) voids every old link; the
confirmation link also expires.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "masthead.newsletters.confirm"
MANAGE_SALT = "masthead.newsletters.manage"
# A confirmation link lasts a week; manage and unsubscribe links as long as the address.
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7
SECRET_PART = 10


class BadLink(Exception):
    """The link was altered, has expired, or belongs to an erased address."""


@dataclass(frozen=True)
class ConfirmClaim:
    subscriber_id: int
    secret: str
    newsletter_ids: tuple[int, ...]


@dataclass(frozen=True)
class ManageClaim:
    subscriber_id: int
    secret: str
    newsletter_id: int | None


def confirm_token(subscriber, newsletter_ids) -> str:
    payload = [subscriber.pk, subscriber.secret[:SECRET_PART], sorted(newsletter_ids)]
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> ConfirmClaim:
    try:
        pk, secret, ids = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return ConfirmClaim(int(pk), str(secret), tuple(int(i) for i in ids))
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error


def manage_token(subscriber, newsletter_id: int | None = None) -> str:
    payload = [subscriber.pk, subscriber.secret[:SECRET_PART], newsletter_id or 0]
    return signing.dumps(payload, salt=MANAGE_SALT, compress=True)


def read_manage_token(token: str) -> ManageClaim:
    try:
        pk, secret, newsletter_id = signing.loads(token, salt=MANAGE_SALT)
        return ManageClaim(int(pk), str(secret), int(newsletter_id) or None)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error


def address_key(email: str) -> str:
    """A cache key's part for an address, without the address in it."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:32]


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirm_url(subscriber, newsletter_ids) -> str:
    token = confirm_token(subscriber, newsletter_ids)
    return absolute(reverse("newsletters:confirm", args=[token]))


def preferences_url(subscriber) -> str:
    return absolute(reverse("newsletters:preferences", args=[manage_token(subscriber)]))


def unsubscribe_url(subscriber, newsletter_id: int) -> str:
    token = manage_token(subscriber, newsletter_id)
    return absolute(reverse("newsletters:unsubscribe", args=[token]))


def url_around(name: str, placeholder: str) -> tuple[str, str]:
    """(before, after) a token in the absolute URL of `name`: reversed once for a send."""
    before, after = absolute(reverse(name, args=[placeholder])).split(placeholder)
    return before, after


def unsubscribe_url_around(placeholder: str) -> tuple[str, str]:
    return url_around("newsletters:unsubscribe", placeholder)


def preferences_url_around(placeholder: str) -> tuple[str, str]:
    return url_around("newsletters:preferences", placeholder)
