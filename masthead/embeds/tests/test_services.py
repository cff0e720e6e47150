"""Reading a link's preview from its provider at editing time, against a local oEmbed server."""

import pytest

from masthead.embeds.fetch import FetchFailed, fetch
from masthead.embeds.models import EmbedPreview
from masthead.embeds.oembed import NotEmbeddable, ProviderUnreachable, parse_oembed
from masthead.embeds.providers import UnknownProvider, parse_link
from masthead.embeds.services import embed_preview_for
from masthead.images.models import NewsImage

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

pytestmark = pytest.mark.django_db


def test_the_title_author_and_thumbnail_are_kept_with_a_local_copy_of_the_picture(provider_server):
    preview = embed_preview_for(url=VIDEO)
    assert preview.provider == "youtube"
    assert preview.title == "A video about the talks <dQw4w9WgXcQ>"
    assert preview.author_name == "Siem Reap Newsroom"
    assert preview.thumbnail.width == 480
    assert preview.thumbnail.file.name.startswith("original_images/embed-youtube")
    assert [path.split("?")[0] for path in provider_server.requests] == ["/oembed", "/thumb.jpg"]


def test_the_same_link_saved_again_asks_the_provider_nothing(provider_server):
    first = embed_preview_for(url=VIDEO)
    provider_server.requests.clear()
    assert embed_preview_for(url=VIDEO) == first
    assert provider_server.requests == []


def test_an_unknown_site_is_refused_before_any_request(provider_server):
    with pytest.raises(UnknownProvider):
        embed_preview_for(url="https://example.com/video/1")
    assert provider_server.requests == []
    assert not EmbedPreview.objects.exists()


def test_a_post_the_provider_does_not_know_is_a_clear_error(provider_server):
    with pytest.raises(NotEmbeddable, match=r"YouTube has no public post .* \(HTTP 404\)"):
        embed_preview_for(url="https://youtu.be/missing0000")
    assert not EmbedPreview.objects.exists()


def test_a_provider_that_does_not_answer_in_time_is_a_clear_error(provider_server):
    with pytest.raises(ProviderUnreachable, match="YouTube could not be read"):
        embed_preview_for(url="https://youtu.be/slow0000000")
    assert not EmbedPreview.objects.exists()


def test_an_answer_that_is_not_json_is_a_clear_error(provider_server):
    with pytest.raises(ProviderUnreachable, match="not JSON"):
        embed_preview_for(url="https://youtu.be/garbage0000")


def test_an_unreachable_provider_is_a_clear_error(settings):
    with pytest.raises(ProviderUnreachable, match="no answer"):
        embed_preview_for(url=VIDEO)  # test settings point every provider at a closed port


def test_a_decompression_bomb_thumbnail_is_left_out_and_the_embed_kept(provider_server):
    preview = embed_preview_for(url="https://youtu.be/bomb0000000")
    assert preview.thumbnail is None
    assert not NewsImage.objects.exists()


def test_a_thumbnail_over_the_pixel_or_byte_limit_is_left_out(provider_server, settings):
    settings.MASTHEAD_EMBED_THUMBNAIL_MAX_PIXELS = 480 * 359
    assert embed_preview_for(url="https://youtu.be/pixels00000").thumbnail is None
    settings.MASTHEAD_EMBED_THUMBNAIL_MAX_PIXELS = 480 * 360
    settings.MASTHEAD_EMBED_THUMBNAIL_MAX_BYTES = 100
    assert embed_preview_for(url="https://youtu.be/bytes000000").thumbnail is None


def test_telegram_has_no_oembed_and_gets_a_card_made_from_the_link(provider_server):
    preview = embed_preview_for(url="https://t.me/masthead_news/42")
    assert preview.title == "Telegram: masthead_news/42"
    assert preview.thumbnail is None
    assert provider_server.requests == []


def test_facebook_and_instagram_are_asked_only_with_a_meta_token(provider_server, settings):
    settings.MASTHEAD_META_OEMBED_TOKEN = ""
    assert embed_preview_for(url="https://www.instagram.com/p/C1a2b3c4/").title.startswith(
        "Instagram: p/C1a2b3c4"
    )
    assert provider_server.requests == []
    settings.MASTHEAD_META_OEMBED_TOKEN = "app|token"  # noqa: S105
    embed_preview_for(url="https://www.instagram.com/p/Dzzzzzzz/")
    assert "access_token=app%7Ctoken" in provider_server.requests[0]


def test_the_providers_html_is_never_kept_only_its_words_when_there_is_no_title():
    link = parse_link("https://x.com/newsroom/status/20")
    html = '<blockquote><p>Talks &amp; more <a href="https://t.co/x">pic</a></p></blockquote><script src="https://platform.twitter.com/widgets.js"></script>'
    oembed = parse_oembed(
        {"html": html, "author_name": "Newsroom", "thumbnail_url": "javascript:x"}, link
    )
    assert oembed.title == "Talks & more pic"
    assert oembed.thumbnail_url == ""


def test_a_provider_answer_with_nothing_usable_falls_back_to_the_link():
    link = parse_link("https://vimeo.com/76979871")
    assert parse_oembed({"title": ["not", "text"]}, link).title == "Vimeo: 76979871"


def test_a_thumbnail_on_a_private_address_is_not_fetched(provider_server, settings, monkeypatch):
    """The oEmbed endpoint is trusted; the thumbnail address it names is checked."""
    monkeypatch.setattr(
        "masthead.embeds.oembed.fetch_json",
        lambda *args, **kwargs: {
            "title": "A post",
            "thumbnail_url": provider_server.url + "/thumb.jpg",
        },
    )
    settings.MASTHEAD_EMBED_ALLOW_PRIVATE_ADDRESSES = False
    preview = embed_preview_for(url=VIDEO)
    assert preview.title == "A post"
    assert preview.thumbnail is None
    assert provider_server.requests == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://[::1]/x", "file:///etc/passwd"]
)
def test_private_and_non_http_addresses_are_refused(settings, url):
    settings.MASTHEAD_EMBED_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchFailed):
        fetch(url, max_bytes=100)
