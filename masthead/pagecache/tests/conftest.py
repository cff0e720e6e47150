import itertools
import time

import pytest

from masthead.comments.moderation import form_token

nonces = itertools.count()


def cached_text(client, url: str) -> str:
    """Read a page twice: rendered and stored, then served from the cache."""
    first = client.get(url)
    assert first.status_code == 200, url
    assert first["X-Masthead-Cache"] == "miss", url
    second = client.get(url)
    assert second["X-Masthead-Cache"] == "hit", url
    assert second.content == first.content
    return second.content.decode()


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def publish_edit(page, *, tags: list[str] | None = None, **fields):
    """Edit a page and publish the edit, the way the admin does."""
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    if tags is not None:
        page.tags.set(tags)
    page.save_revision().publish()
    return page


def post_as_reader(client, article, **fields):
    data = {
        "name": "Ana",
        "body": "",
        "rating": "",
        "token": form_token(article.pk, f"n{next(nonces)}", now=time.time() - 10),
        **fields,
    }
    response = client.post(f"/comments/{article.pk}/", data)
    assert response.status_code == 303, response.content
    client.cookies.pop("messages", None)  # the next request reads the page as others do
    return response


@pytest.fixture
def post_rating():
    from django.test import Client

    def rate(article, value: int):
        return post_as_reader(Client(), article, rating=str(value))

    return rate


@pytest.fixture
def post_comment():
    from django.test import Client

    def comment(article, body: str):
        return post_as_reader(Client(), article, body=body)

    return comment
