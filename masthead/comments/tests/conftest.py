import time

import pytest

from masthead.comments.moderation import form_token
from masthead.comments.readers import Reader
from masthead.news.tests.factories import ArticlePageFactory


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Talks end in Siem Reap", slug="talks")


def reader(number: int = 1, *, address: str = "address-1", user=None) -> Reader:
    return Reader(key=f"cookie:reader-{number}", address_hash=address, user=user)


def token_for(article, nonce: str = "nonce", seconds_ago: float = 10) -> str:
    return form_token(article.pk, nonce, now=time.time() - seconds_ago)


@pytest.fixture
def post(client, article):
    """Post the comment form as a reader's browser would, ten seconds after it was shown."""
    counter = iter(range(1_000_000))

    def send(data=None, *, json=False, target=None, **extra):
        form = {
            "name": "Ana",
            "email": "",
            "body": "A fair summary of the talks.",
            "rating": "",
            "website": "",
        }
        form["token"] = token_for(target or article, nonce=f"n{next(counter)}")
        form.update(data or {})
        headers = {"HTTP_ACCEPT": "application/json"} if json else {}
        return client.post(f"/comments/{(target or article).pk}/", form, **headers, **extra)

    return send
