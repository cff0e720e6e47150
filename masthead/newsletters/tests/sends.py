"""Sends made ready for the tests that hand them over."""

from django.utils import timezone

from masthead.newsletters import sending
from masthead.newsletters.models import Newsletter, Send


def started_send(newsletter: Newsletter, subject: str = "Flood") -> Send:
    """A send of a short text to `newsletter`, started: its deliveries made, ready to go."""
    send = Send.objects.create(
        newsletter=newsletter,
        subject=subject,
        html="<p>Flood</p>",
        text="Flood",
        send_at=timezone.now(),
    )
    assert sending.send_start(send.pk)
    return send
