"""What changes to newsletters tell the page cache: the lists are in every page's footer
sign-up form, and a finished send adds an issue to its list's archive."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from masthead.pagecache.invalidation import pages_changed, site_changed

from .models import Newsletter, Send


@receiver(post_save, sender=Newsletter)
@receiver(post_delete, sender=Newsletter)
def newsletter_changed(sender, **kwargs) -> None:
    site_changed()


def send_archived(send_id: int) -> None:
    """A send is done: its list's archive shows one more issue (told by sending.py, whose
    state changes are updates that send no signal)."""
    slug = Send.objects.filter(pk=send_id).values_list("newsletter__slug", flat=True).first()
    if slug:
        pages_changed(archive_dependency(slug))


def archive_dependency(slug: str) -> str:
    return f"newsletter:{slug}"


def provider_event(sender, event, esp_name: str = "", **kwargs) -> None:
    """django-anymail's bounce and complaint webhooks: a hard bounce or a complaint
    takes the address off every list (docs/newsletters.md)."""
    from .services import subscriber_unsubscribe_everywhere

    if event.event_type in {"bounced", "complained"} and event.recipient:
        reason = f"{esp_name} {event.event_type}: {event.description or ''}"
        subscriber_unsubscribe_everywhere(event.recipient, reason)


def connect_provider_webhooks() -> None:
    try:
        from anymail.signals import tracking
    except ImportError:  # anymail is optional: SMTP needs none of it
        return
    tracking.connect(provider_event, dispatch_uid="masthead-newsletters-anymail")
