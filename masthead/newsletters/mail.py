"""The mails: a send's issue rendered once, each recipient's copy, the confirmation mail.

An issue is rendered once per send (HTML with inlined CSS, and plain text) with
placeholders where each recipient's links go; a recipient's copy only replaces them.
Links and images are absolute; nothing is rewritten or tracked.
"""

import re
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from . import links, wire
from .inline import inline_css

PREFERENCES = "__MASTHEAD_PREFERENCES_URL__"
UNSUBSCRIBE = "__MASTHEAD_UNSUBSCRIBE_URL__"
RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
UNWANTED_ATTRIBUTES = re.compile(r'\s(?:loading|fetchpriority|srcset|sizes|class|id)="[^"]*"')
HEADER_BREAKS = re.compile(r"[\r\n]+")


@dataclass(frozen=True)
class Issue:
    subject: str
    html: str
    text: str


def absolutize(html: str) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return RELATIVE_URL.sub(rf"\1{base}/", html)


def html_to_text(html: str) -> str:
    """Plain text of rendered HTML: paragraphs kept apart, links written out."""
    html = re.sub(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 <\1>", html, flags=re.S)
    html = re.sub(r"</(p|h[1-6]|li|figure|blockquote|div|tr)>", "\n\n", html)
    html = re.sub(r"<br\s*/?>", "\n", html)
    text = strip_tags(html)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n\s*", "\n\n", text)
    return "\n".join(line.strip() for line in text.strip().splitlines())


def render_issue(newsletter, articles: list, *, subject: str, full: bool) -> Issue:
    """The issue of `newsletter` in its language: one article in full, or a list of teasers."""
    with translation.override(newsletter.language):
        context = {
            "newsletter": newsletter,
            "articles": articles,
            "full": full,
            "site_url": links.absolute("/"),
            "preferences_url": PREFERENCES,
            "unsubscribe_url": UNSUBSCRIBE,
        }
        html = render_to_string("newsletters/mail/issue.html", context)
        text = render_to_string("newsletters/mail/issue.txt", context)
    html = absolutize(UNWANTED_ATTRIBUTES.sub("", html))
    text_body = html_to_text(absolutize(marked_body(html))) if full else ""
    return Issue(subject=subject, html=inline_css(html), text=text.replace("{BODY}", text_body))


def marked_body(html: str) -> str:
    """The article's body, between the markers the issue template puts around it."""
    match = re.search(r"<!--body-->(.*)<!--/body-->", html, flags=re.S)
    return match.group(1) if match else ""


def clean_header(value: str) -> str:
    """A header value on one line: no CR or LF can start a header of its own."""
    return HEADER_BREAKS.sub(" ", value).strip()


def issue_headers(send) -> dict[str, str]:
    """The headers every copy of a send carries, besides List-Unsubscribe and Message-ID."""
    return {
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<{send.newsletter.slug}.{list_id_domain()}>",
        "Auto-Submitted": "auto-generated",
        "Precedence": "bulk",
    }


def personal_links(send, subscriber) -> tuple[str, str]:
    """(unsubscribe, preferences): a recipient's links, in the list's language."""
    with translation.override(send.newsletter.language):  # the pages in the mail's language
        return (
            links.unsubscribe_url(subscriber, send.newsletter_id),
            links.preferences_url(subscriber),
        )


def message_id(send, subscriber, domain: str) -> str:
    return make_msgid(f"send{send.pk}.{subscriber.pk}", domain)


def issue_message(send, subscriber) -> EmailMultiAlternatives:
    """One recipient's copy of a send, with RFC 8058 one-click unsubscribe headers: for a
    backend that is not SMTP (console, anymail's APIs); SMTP gets `issue_template()`'s."""
    unsubscribe, preferences = personal_links(send, subscriber)

    def personal(body: str) -> str:
        return body.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences)

    message = EmailMultiAlternatives(
        subject=clean_header(send.subject),
        body=personal(send.text),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            **issue_headers(send),
            "Message-ID": message_id(send, subscriber, list_id_domain()),
        },
    )
    message.attach_alternative(personal(send.html), "text/html")
    return message


def issue_template(send) -> wire.Template:
    """A send's message laid out once; `Copies` fills in each recipient's parts."""
    return wire.Template.build(
        subject=clean_header(send.subject),
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers=issue_headers(send),
        text=send.text,
        html=send.html,
        links={UNSUBSCRIBE: wire.UNSUBSCRIBE_LINK, PREFERENCES: wire.PREFERENCES_LINK},
    )


class Copies:
    """Each recipient's copy of a send, as the SMTP server gets it: the template and the
    links' paths (in the list's language) worked out once, the tokens signed per copy."""

    TOKEN = "__TOKEN__"  # noqa: S105 - where each copy's signed token goes

    def __init__(self, send):
        self.send = send
        self.template = issue_template(send)
        self.domain = list_id_domain()
        with translation.override(send.newsletter.language):
            self.unsubscribe = links.unsubscribe_url_around(self.TOKEN)
            self.preferences = links.preferences_url_around(self.TOKEN)

    def __call__(self, subscriber) -> bytes:
        return self.template.render(
            wire.Personal(
                to=wire.ascii_address(subscriber.email),
                message_id=message_id(self.send, subscriber, self.domain),
                unsubscribe=links.manage_token(subscriber, self.send.newsletter_id).join(
                    self.unsubscribe
                ),
                preferences=links.manage_token(subscriber).join(self.preferences),
            )
        )


def list_id_domain() -> str:
    host = links.absolute("/").split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host or "localhost"


def confirmation_message(subscriber, newsletters: list) -> EmailMultiAlternatives:
    language = newsletters[0].language if newsletters else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "newsletters": newsletters,
            "confirm_url": links.confirm_url(subscriber, [n.pk for n in newsletters]),
            "already_confirmed": subscriber.is_confirmed,
        }
        subject = _("Confirm your subscription")
        text = render_to_string("newsletters/mail/confirm.txt", context)
        html = inline_css(render_to_string("newsletters/mail/confirm.html", context))
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message
