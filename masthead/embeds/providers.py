"""The providers an embed block accepts, and what a link to each one says.

Parsing only: no network. Which page addresses belong to a provider, and the player
address built from one, are fixed here; where each provider's oEmbed data and player
are fetched from is the setting MASTHEAD_EMBED_PROVIDERS, so that tests (and a proxy)
can point them elsewhere.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class EmbedError(Exception):
    """Why a link cannot be embedded, in words an editor can act on."""


class UnknownProvider(EmbedError):
    pass


class UnsupportedLink(EmbedError):
    pass


@dataclass(frozen=True)
class Link:
    """A link recognised as one post or video of one provider."""

    provider: "Provider"
    url: str
    key: str  # what the player needs: an id, or for Telegram and Facebook the path or URL
    kind: str = ""

    @property
    def player_url(self) -> str:
        """The player's address; empty when the provider is no longer configured, and the
        preview then offers the direct link only."""
        config = settings.MASTHEAD_EMBED_PROVIDERS.get(self.provider.slug)
        if not config or not config.get("player"):
            return ""
        return config["player"].rstrip("/") + self.provider.player_path(self)

    @property
    def fallback_title(self) -> str:
        """A title made from the link alone, when the provider gives none."""
        path = urlsplit(self.url).path.strip("/")
        return f"{self.provider.name}: {path}"[:200]


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    hosts: frozenset[str]
    patterns: tuple[re.Pattern, ...]
    player_template: str
    # The player's frame: scripts run in the provider's own origin, never in ours.
    sandbox: str = "allow-scripts allow-same-origin allow-popups allow-presentation"
    shape: str = "video"  # the frame's proportions on the page: video, tall or post
    needs_token: bool = False

    def match(self, url: str) -> Link | None:
        parts = urlsplit(url)
        target = f"{parts.path}?{parts.query}" if parts.query else parts.path
        for pattern in self.patterns:
            found = pattern.fullmatch(target)
            if found:
                return Link(self, url, found.group("key"), found.groupdict().get("kind") or "")
        return None

    def player_path(self, link: Link) -> str:
        path = self.player_template.format(
            key=link.key, kind=link.kind, url=quote(link.url, safe="")
        )
        if self.slug == "vimeo" and link.kind:  # an unlisted video's hash
            path += f"&h={link.kind}"
        return path


def _patterns(*expressions: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(expression) for expression in expressions)


YOUTUBE_ID = r"(?P<key>[A-Za-z0-9_-]{11})"
PROVIDERS = (
    Provider(
        "youtube",
        "YouTube",
        frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}),
        _patterns(
            rf"/watch\?(?:.*&)?v={YOUTUBE_ID}(?:&.*)?",
            rf"/(?:shorts|live|embed)/{YOUTUBE_ID}/?(?:\?.*)?",
            rf"/{YOUTUBE_ID}/?(?:\?.*)?",
        ),
        "/embed/{key}?autoplay=1",
    ),
    Provider(
        "vimeo",
        "Vimeo",
        frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
        _patterns(r"/(?:video/|channels/[\w-]+/)?(?P<key>\d+)(?:/(?P<kind>[0-9a-f]+))?/?(?:\?.*)?"),
        "/video/{key}?dnt=1&autoplay=1",
    ),
    Provider(
        "x",
        "X",
        frozenset({"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"}),
        _patterns(r"/\w{1,15}/status/(?P<key>\d+)/?(?:\?.*)?"),
        "/embed/Tweet.html?id={key}&dnt=true",
        shape="post",
    ),
    Provider(
        "telegram",
        "Telegram",
        frozenset({"t.me", "www.t.me", "telegram.me"}),
        _patterns(r"/(?:s/)?(?P<key>\w{4,64}/\d+)/?(?:\?.*)?"),
        "/{key}?embed=1",
        shape="post",
    ),
    Provider(
        "facebook",
        "Facebook",
        frozenset({"facebook.com", "www.facebook.com", "m.facebook.com", "fb.watch"}),
        _patterns(
            r"/(?P<key>[\w.-]+/(?P<kind>videos)/[\w.-]+/?)(?:\?.*)?",
            r"/(?P<key>(?P<kind>watch)/?\?v=\d+)",
            r"/(?P<key>(?P<kind>reel)/\d+/?)(?:\?.*)?",
            r"/(?P<key>[\w.-]+/posts/[\w.-]+/?)(?:\?.*)?",
            r"/(?P<key>(?:share/[pv]|photo|permalink\.php)[\w./?=&-]*)",
        ),
        "/plugins/{kind}.php?href={url}",
        shape="post",
        needs_token=True,
    ),
    Provider(
        "instagram",
        "Instagram",
        frozenset({"instagram.com", "www.instagram.com"}),
        _patterns(r"/(?:[\w.]+/)?(?P<kind>p|reel|tv)/(?P<key>[\w-]+)/?(?:\?.*)?"),
        "/{kind}/{key}/embed/",
        shape="post",
        needs_token=True,
    ),
    Provider(
        "tiktok",
        "TikTok",
        frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"}),
        _patterns(r"/@[\w.-]+/video/(?P<key>\d+)/?(?:\?.*)?"),
        "/player/v1/{key}",
        shape="tall",
    ),
)
BY_SLUG = {provider.slug: provider for provider in PROVIDERS}
PROVIDER_NAMES = ", ".join(provider.name for provider in PROVIDERS)


def parse_link(url: str) -> Link:
    """The provider and post a link points at, or UnknownProvider / UnsupportedLink."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    provider = next((p for p in PROVIDERS if host in p.hosts), None)
    if parts.scheme not in {"http", "https"} or provider is None:
        raise UnknownProvider(
            _("Masthead embeds links from %(providers)s only.") % {"providers": PROVIDER_NAMES}
        )
    link = provider.match(url.strip())
    if link is None:
        raise UnsupportedLink(
            _("This %(provider)s link does not point at one post or video.")
            % {"provider": provider.name}
        )
    return _facebook_kind(link)


def _facebook_kind(link: Link) -> Link:
    """Facebook frames videos and posts with two different plugins."""
    if link.provider.slug != "facebook":
        return link
    is_video = link.kind in {"videos", "watch", "reel"} or "/share/v" in link.url
    if link.kind == "watch":
        video = parse_qs(urlsplit(link.url).query).get("v", [""])[0]
        return Link(link.provider, f"https://www.facebook.com/watch/?v={video}", link.key, "video")
    return Link(link.provider, link.url, link.key, "video" if is_video else "post")
