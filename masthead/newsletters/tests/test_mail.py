"""The messages: inlined styles, absolute links, the list's language, clean headers."""

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
