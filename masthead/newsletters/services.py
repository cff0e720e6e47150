"""Subscribing and leaving: double opt-in, preferences, CSV in and out, readers' data.

The sign-up answers the same whatever the address: a known address, a new one and one
over its budget all read "check your inbox", so the form tells nobody who subscribes.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.comments.moderation import take_from_budget

from . import links
from .models import EMAIL_MAX_LENGTH, Newsletter, Subscriber, Subscription
from .tasks import send_confirmation


class SignupRefused(Exception):
    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Limits:
    per_address: int = 20  # sign-ups from one network
    per_email: int = 3  # confirmation mails to one address
    window: int = 3600


def limits() -> Limits:
    return Limits(**getattr(settings, "MASTHEAD_NEWSLETTER_LIMITS", {}))


def normalize_email(value: str) -> str:
    """The address as stored: trimmed, its domain in lower case; refused if invalid."""
    value = (value or "").strip()
    if any(c in value for c in "\r\n\0") or len(value) > EMAIL_MAX_LENGTH:
        raise SignupRefused(_("Enter a valid e-mail address."))
    try:
        validate_email(value)
    except ValidationError as error:
        raise SignupRefused(_("Enter a valid e-mail address.")) from error
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def public_lists(ids) -> list[Newsletter]:
    return list(Newsletter.objects.filter(is_public=True, pk__in=list(ids)))


def signup_request(*, email: str, newsletter_ids, address_hash: str, honeypot: str = "") -> None:
    """Ask `email` to confirm joining the lists; raises SignupRefused on bad input only."""
    email = normalize_email(email)
    newsletters = public_lists(newsletter_ids)
    if not newsletters:
        raise SignupRefused(_("Choose at least one newsletter."))
    if honeypot:
        return  # a bot: it is told what a person would be told, and nothing is sent
    rules = limits()
    if not take_from_budget(f"newsletters:address:{address_hash}", rules.per_address, rules.window):
        raise SignupRefused(
            _("Many sign-ups have come from your network. Please try again later."), status=429
        )
    key = f"newsletters:email:{links.address_key(email)}"
    if not take_from_budget(key, rules.per_email, rules.window):
        return  # said the same: no mailbox gets flooded with confirmations
    subscriber_ask(email, newsletters)


def subscriber_ask(email: str, newsletters: list[Newsletter]) -> Subscriber:
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=email)
        ids = [n.pk for n in newsletters]
        transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk, ids))
    return subscriber


def subscriber_for(claim) -> Subscriber:
    subscriber = Subscriber.objects.filter(pk=claim.subscriber_id).first()
    if subscriber is None or subscriber.secret[: links.SECRET_PART] != claim.secret:
        raise links.BadLink
    return subscriber


@transaction.atomic
def subscription_confirm(token: str) -> tuple[Subscriber, list[Newsletter]]:
    """Confirm the address and join the lists the link names; twice is harmless."""
    claim = links.read_confirm_token(token)
    subscriber = subscriber_for(claim)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    newsletters = list(Newsletter.objects.filter(pk__in=claim.newsletter_ids))
    for newsletter in newsletters:
        Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
    return subscriber, newsletters


def subscriber_from_manage_link(token: str) -> tuple[Subscriber, Newsletter | None]:
    claim = links.read_manage_token(token)
    subscriber = subscriber_for(claim)
    newsletter = Newsletter.objects.filter(pk=claim.newsletter_id).first()
    return subscriber, newsletter


def unsubscribe(*, subscriber: Subscriber, newsletter: Newsletter | None) -> int:
    """Leave one list, or every list; returns how many were left (0 the second time)."""
    subscriptions = Subscription.objects.filter(subscriber=subscriber)
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    deleted, _detail = subscriptions.delete()
    return deleted


@transaction.atomic
def preferences_update(*, subscriber: Subscriber, newsletter_ids) -> list[Newsletter]:
    """Keep exactly the chosen public lists (private ones the subscriber is on stay)."""
    chosen = public_lists(newsletter_ids)
    Subscription.objects.filter(subscriber=subscriber, newsletter__is_public=True).exclude(
        newsletter__in=chosen
    ).delete()
    for newsletter in chosen:
        Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
    return chosen


def subscriber_unsubscribe_everywhere(email: str, reason: str) -> bool:
    """A hard bounce or a complaint (a provider's webhook): no more mail to this address."""
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        return False
    Subscription.objects.filter(subscriber=subscriber).delete()
    subscriber.bounced_at = timezone.now()
    subscriber.last_error = reason[:300]
    subscriber.save(update_fields=["bounced_at", "last_error"])
    return True


# CSV in and out -------------------------------------------------------------------------

CSV_FIELDS = ["email", "confirmed", "consented"]
CONSENT_VALUES = {"1", "yes", "true", "y", "oui"}


def subscribers_csv(newsletter: Newsletter) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    rows = Subscriber.objects.filter(subscriptions__newsletter=newsletter).order_by("email")
    for subscriber in rows.iterator():
        confirmed = subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else ""
        writer.writerow([subscriber.email, confirmed, "yes" if confirmed else "no"])
    return out.getvalue()


@dataclass
class ImportReport:
    added: int = 0
    asked: int = 0
    invalid: int = 0


def subscribers_import(newsletter: Newsletter, text: str) -> ImportReport:
    """Addresses marked as consented join at once; the others get a confirmation mail."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "email" not in [f.strip().lower() for f in reader.fieldnames]:
        raise SignupRefused(_("The file needs a header row with an “email” column."))
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            email = normalize_email(row.get("email", ""))
        except SignupRefused:
            report.invalid += 1
            continue
        if row.get("consented", "").lower() in CONSENT_VALUES:
            subscriber_add_confirmed(email, newsletter)
            report.added += 1
        else:
            subscriber_ask(email, [newsletter])
            report.asked += 1
    return report


@transaction.atomic
def subscriber_add_confirmed(email: str, newsletter: Newsletter) -> Subscriber:
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
    return subscriber


# Readers' data (comments' admin page asks every app that keeps some) --------------------


def reader_data_export(email: str) -> list[dict]:
    subscriber = Subscriber.objects.filter(email__iexact=email.strip()).first()
    if subscriber is None:
        return []
    return [
        {
            "email": subscriber.email,
            "signed_up": subscriber.created_at.isoformat(),
            "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "newsletters": list(
                subscriber.subscriptions.values_list("newsletter__name", flat=True)
            ),
        }
    ]


@transaction.atomic
def reader_data_erase(email: str) -> int:
    """Delete the address, its lists and its deliveries; old links stop working."""
    deleted, _detail = Subscriber.objects.filter(email__iexact=email.strip()).delete()
    return 1 if deleted else 0
