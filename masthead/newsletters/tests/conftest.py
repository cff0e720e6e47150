from django.utils import timezone

import pytest

from masthead.newsletters.models import Newsletter, Subscriber, Subscription

from .sink import smtp_sink


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a real server that keeps what it accepts."""
    with smtp_sink() as (keeper, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        yield keeper


@pytest.fixture
def breaking(db):
    return Newsletter.objects.get_or_create(
        slug="breaking-news", defaults={"name": "Breaking news", "kind": "articles"}
    )[0]


@pytest.fixture
def subscribed(breaking):
    """Confirmed subscribers of `breaking`: call with how many."""

    def make(count: int, prefix: str = "reader"):
        subscribers = Subscriber.objects.bulk_create(
            Subscriber(email=f"{prefix}{i}@example.org", confirmed_at=timezone.now())
            for i in range(count)
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=s, newsletter=breaking) for s in subscribers
        )
        return subscribers

    return make
