"""What changes to newsletters tell the page cache (the lists are in every page's footer
sign-up form; a finished send's archive is told by sending.py), and what a provider's
webhook tells the lists."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from masthead.pagecache.invalidation import site_changed

from .models import Newsletter
from .services import subscriber_unsubscribe_everywhere


@receiver(post_save, sender=Newsletter)
@receiver(post_delete, sender=Newsletter)
def newsletter_changed(sender, **kwargs) -> None:
    site_changed()


def provider_event(sender, event, esp_name: str = "", **kwargs) -> None:
    """django-anymail's bounce and complaint webhooks: a hard bounce or a complaint
    takes the address off every list (docs/newsletters.md)."""
    if event.event_type in {"bounced", "complained"} and event.recipient:
        reason = f"{esp_name} {event.event_type}: {event.description or ''}"
        subscriber_unsubscribe_everywhere(event.recipient, reason)


def connect_provider_webhooks() -> None:
    try:
        from anymail.signals import tracking
    except ImportError:  # anymail is optional: SMTP needs none of it
        return
    tracking.connect(provider_event, dispatch_uid="masthead-newsletters-anymail")
