"""The messages: inlined styles, absolute links, the list's language, clean headers, and
each copy's bytes from the send's template."""

import email
import email.policy
from unittest import mock

from django.core import signing
from django.utils import timezone

import pytest

from masthead.news.tests.factories import ArticlePageFactory
from masthead.newsletters import mail
from masthead.newsletters.inline import inline_css
from masthead.newsletters.models import Newsletter, Send, Subscriber


def test_the_inliner_styles_tags_and_keeps_an_elements_own_style():
    html = inline_css('<p>a</p><a href="/x" style="color:red">b</a><abbr>c</abbr><picture>')
    assert html.startswith('<p style="font:')
    assert 'style="color:#a3171b;color:red"' in html
    assert "<abbr>" in html and "<picture>" in html


def test_header_values_lose_line_breaks():
    assert (
        mail.clean_header("Flood\r\nBcc: everyone@example.org") == "Flood Bcc: everyone@example.org"
    )


@pytest.mark.django_db
def test_an_issue_in_the_lists_language_with_absolute_links(section):
    article = ArticlePageFactory(parent=section, title="Le pont rouvre")
    french = Newsletter.objects.create(name="L'essentiel", slug="fr", language="fr")
    issue = mail.render_issue(french, [article], subject=article.title, full=True)
    send = Send.objects.create(
        newsletter=french,
        subject="Le pont\nrouvre",
        html=issue.html,
        text=issue.text,
        send_at=timezone.now(),
    )
    subscriber = Subscriber.objects.create(email="lectrice@example.org")
    message = mail.issue_message(send, subscriber).message()
    assert message["Subject"] == "Le pont rouvre"
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert "Se désabonner" in text
    assert "http://127.0.0.1:8000/fr/newsletter/unsubscribe/" in text
    assert mail.UNSUBSCRIBE not in text and mail.PREFERENCES not in text
    assert 'lang="fr"' in issue.html and 'href="/' not in issue.html


def smtp_decoded(data: bytes):
    """What a server makes of DATA: dot-stuffing undone, then parsed."""
    lines = data.split(b"\r\n")
    assert all(len(line) <= 998 for line in lines)
    unstuffed = b"\r\n".join(line[1:] if line.startswith(b".") else line for line in lines)
    return email.message_from_bytes(unstuffed, policy=email.policy.default), lines


@pytest.mark.django_db
def test_a_copy_from_the_template_reads_as_the_mime_generators(breaking):
    """The bytes built once per send and filled in per recipient decode to the same
    message as the standard library's: every header, both bodies, character for character."""
    tricky = "=equals, tabs\t, é ü 中文 " + "long " * 40 + "\n.a dot first\n.\n"
    send = Send.objects.create(
        newsletter=breaking,
        subject="Éclairs sur Besançon: " + "très " * 20,
        html=f'<p>{tricky}</p><a href="{mail.UNSUBSCRIBE}">x</a> trailing \n{mail.PREFERENCES}',
        text=f"{tricky}Leave: {mail.UNSUBSCRIBE}\n.{mail.PREFERENCES}.\nend",
        send_at=timezone.now(),
    )
    subscriber = Subscriber.objects.create(email="lectrice@bücher.example")
    # Both links are signed with the time in seconds: the two copies must share a second.
    now = signing.TimestampSigner().timestamp()
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=now):
        generated = mail.issue_message(send, subscriber).message().as_bytes()
        copy, lines = smtp_decoded(mail.Copies(send)(subscriber))
    expected = email.message_from_bytes(generated, policy=email.policy.default)
    for name in ["Subject", "From", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"]:
        assert str(copy[name]).strip() == str(expected[name]).strip(), name
    assert copy["To"] == "lectrice@xn--bcher-kva.example"
    assert copy["Message-ID"].endswith(f"@{mail.list_id_domain()}>") and copy["Date"]
    for kind in ["plain", "html"]:
        body = expected.get_body((kind,)).get_content()
        content = copy.get_body((kind,)).get_content()
        assert content.replace("\r\n", "\n") == body, kind  # CRLF: the wire's line ends
    body_lines = lines[lines.index(b"Content-Transfer-Encoding: quoted-printable") :]
    assert max(len(line) for line in body_lines) <= 77  # 76, plus a stuffed dot
