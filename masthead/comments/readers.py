"""Recognising a reader without storing who they are.

Signed-in readers are recognised by account. Anonymous readers get a random id in a
signed, first-party cookie. Client addresses are only ever kept as a keyed hash, and
only to limit how much one address can post, since offices and schools share one.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

READER_COOKIE = "masthead_reader"
READER_COOKIE_SALT = "masthead.comments.reader"
READER_COOKIE_AGE = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class Reader:
    key: str
    address_hash: str
    user: object | None
    new_cookie_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return bool(self.user and self.user.is_staff)


def address_hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def reader_from_request(request: HttpRequest) -> Reader:
    user = request.user if request.user.is_authenticated else None
    address = address_hash(request.META.get("REMOTE_ADDR", ""))
    if user is not None:
        return Reader(key=f"user:{user.pk}", address_hash=address, user=user)
    cookie_id = request.get_signed_cookie(READER_COOKIE, default=None, salt=READER_COOKIE_SALT)
    if cookie_id:
        return Reader(key=f"cookie:{cookie_id}", address_hash=address, user=None)
    cookie_id = secrets.token_urlsafe(18)
    return Reader(
        key=f"cookie:{cookie_id}", address_hash=address, user=None, new_cookie_id=cookie_id
    )


def remember_reader(response: HttpResponse, reader: Reader) -> HttpResponse:
    if reader.new_cookie_id:
        response.set_signed_cookie(
            READER_COOKIE,
            reader.new_cookie_id,
            salt=READER_COOKIE_SALT,
            max_age=READER_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
