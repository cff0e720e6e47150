"""Which links each provider's embed accepts, and the player address made from them."""

import pytest

from masthead.embeds.providers import UnknownProvider, UnsupportedLink, parse_link


@pytest.mark.parametrize(
    ("url", "provider", "player_path"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
            "youtube",
            "/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://vimeo.com/76979871", "vimeo", "/video/76979871?dnt=1&autoplay=1"),
        ("https://vimeo.com/76979871/abc123", "vimeo", "/video/76979871?dnt=1&autoplay=1&h=abc123"),
        ("https://x.com/jack/status/20", "x", "/embed/Tweet.html?id=20&dnt=true"),
        ("https://twitter.com/jack/status/20?s=1", "x", "/embed/Tweet.html?id=20&dnt=true"),
        ("https://t.me/durov/43", "telegram", "/durov/43?embed=1"),
        (
            "https://www.facebook.com/nasa/videos/123/",
            "facebook",
            "/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa%2Fvideos%2F123%2F",
        ),
        (
            "https://www.facebook.com/nasa/posts/pfbid02abc",
            "facebook",
            "/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa%2Fposts%2Fpfbid02abc",
        ),
        ("https://www.instagram.com/p/C1a2b3c4/", "instagram", "/p/C1a2b3c4/embed/"),
        (
            "https://www.tiktok.com/@scout/video/6718335390845095173",
            "tiktok",
            "/player/v1/6718335390845095173",
        ),
    ],
)
def test_a_link_to_one_post_names_its_provider_and_player(settings, url, provider, player_path):
    settings.MASTHEAD_EMBED_PROVIDERS = {provider: {"player": "https://player.example/"}}
    link = parse_link(url)
    assert link.provider.slug == provider
    assert link.player_url == "https://player.example" + player_path


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "not a url",
    ],
)
def test_a_link_to_another_site_is_refused_naming_the_providers(url):
    with pytest.raises(
        UnknownProvider, match="YouTube, Vimeo, X, Telegram, Facebook, Instagram, TikTok"
    ):
        parse_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/channel/UC123",
        "https://x.com/jack",
        "https://www.tiktok.com/@scout",
    ],
)
def test_a_provider_link_that_is_not_one_post_is_refused(url):
    with pytest.raises(UnsupportedLink, match="does not point at one post or video"):
        parse_link(url)
