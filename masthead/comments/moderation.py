"""What may be posted and what must wait for a moderator.

Each defence is a small function that raises `CommentRefused` with a message a reader
can act on and an HTTP status; `CommentModerator` strings them together, in the manner
of django-contrib-comments' moderator: `check()` refuses, `needs_moderation()` holds.
"""

import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from .models import Comment, CommentSettings, Moderation
from .readers import Reader

FORM_TOKEN_SALT = "masthead.comments.form"  # noqa: S105 - a signing namespace, not a secret
LINK_PATTERN = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    min_seconds: int = 3
    max_form_age: int = 60 * 60 * 24 * 2
    per_reader: int = 5
    per_address: int = 30
    window: int = 600


def limits() -> Limits:
    return Limits(**getattr(settings, "MASTHEAD_COMMENT_LIMITS", {}))


class CommentRefused(Exception):
    def __init__(self, message: str, *, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


@dataclass(frozen=True)
class FormToken:
    article_id: int
    issued_at: float
    nonce: str


def form_token(article_id: int, nonce: str, now: float | None = None) -> str:
    """A signed stamp of when the form was shown; it also makes each submission unique."""
    issued = int(now if now is not None else time.time())
    return signing.dumps([article_id, issued, nonce], salt=FORM_TOKEN_SALT, compress=True)


def read_form_token(token: str, article_id: int, now: float | None = None) -> FormToken:
    now = now if now is not None else time.time()
    try:
        token_article, issued, nonce = signing.loads(token, salt=FORM_TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise CommentRefused(
            _("The form was damaged on the way. Reload the page and try again.")
        ) from error
    if token_article != article_id:
        raise CommentRefused(_("The form was damaged on the way. Reload the page and try again."))
    if now - issued < limits().min_seconds:
        raise CommentRefused(
            _("That was quicker than anyone can type. Wait a moment and send it again.")
        )
    if now - issued > limits().max_form_age:
        raise CommentRefused(
            _("This form is too old. Reload the page and send your comment again.")
        )
    return FormToken(article_id=token_article, issued_at=issued, nonce=str(nonce))


def check_honeypot(value: str) -> None:
    if value:
        raise CommentRefused(_("Your comment could not be accepted."))


def check_links(body: str, max_links: int) -> None:
    if len(LINK_PATTERN.findall(body)) > max_links:
        raise CommentRefused(
            _("A comment may contain at most %(count)d links.") % {"count": max_links}, field="body"
        )


def check_blocked_words(text: str, blocked: list[str]) -> None:
    folded = text.casefold()
    if any(word in folded for word in blocked):
        raise CommentRefused(
            _("Your comment contains words this site does not publish."), field="body"
        )


def take_from_budget(key: str, budget: int, window: int) -> bool:
    """Count one post against a budget held in the cache; False when it is spent."""
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= budget


def check_rate(reader: Reader) -> None:
    rules = limits()
    if reader.is_staff:
        return
    if not take_from_budget(f"comments:reader:{reader.key}", rules.per_reader, rules.window):
        raise CommentRefused(
            _("You have posted a lot in a short time. Please wait a few minutes."), status=429
        )
    if not take_from_budget(
        f"comments:address:{reader.address_hash}", rules.per_address, rules.window
    ):
        raise CommentRefused(
            _(
                "Many comments have come from your network in a short time. Please wait a few minutes."
            ),
            status=429,
        )


class CommentModerator:
    """The policy for one site: which posts are refused, which are held."""

    def __init__(self, site_settings: CommentSettings):
        self.settings = site_settings

    def check(self, *, article, body: str, name: str, honeypot: str, reader: Reader) -> None:
        check_honeypot(honeypot)
        if not article.comments_open:
            raise CommentRefused(_("Comments are closed on this article."), status=403)
        check_links(body, self.settings.max_links)
        check_blocked_words(f"{name}\n{body}", self.settings.blocked_word_list())
        check_rate(reader)

    def needs_moderation(self, reader: Reader) -> bool:
        if reader.is_staff or self.settings.moderation == Moderation.NONE:
            return False
        if self.settings.moderation == Moderation.ALL or reader.new_cookie_id:
            return True  # a reader recognised by a cookie made just now has no comment yet
        return not Comment.objects.filter(
            reader_key=reader.key, status=Comment.Status.APPROVED
        ).exists()
