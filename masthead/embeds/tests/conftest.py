import pytest

from .oembed_server import oembed_server


@pytest.fixture
def provider_server(settings):
    """The local oEmbed server, with every provider's endpoint and player pointing at it."""
    with oembed_server() as server:
        settings.MASTHEAD_EMBED_PROVIDERS = server.providers()
        settings.MASTHEAD_EMBED_TIMEOUT_SECONDS = 1
        yield server
