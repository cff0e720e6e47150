"""Reading pages through the cache and changing them as the newsroom does, for any app's tests."""


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
