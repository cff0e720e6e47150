"""Reading pages through the cache and changing them as the newsroom does, for any app's tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from masthead.pagecache.wsgi import PageCacheApplication


@contextmanager
def wsgi_front() -> Iterator[PageCacheApplication]:
    """Production's hit path in front of Django, keeping the test's connection open.

    As Django's test client does: closing connections at the end of each request would
    end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield PageCacheApplication(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


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
