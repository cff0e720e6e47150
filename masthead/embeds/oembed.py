"""A provider's oEmbed answer, reduced to the three things a preview shows.

Parsing and reading only; services.py stores what this returns.
"""

import html
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

import nh3

from .fetch import FetchFailed, fetch_json
from .providers import EmbedError, Link


class ProviderUnreachable(EmbedError):
    pass


class NotEmbeddable(EmbedError):
    pass


@dataclass(frozen=True)
class OEmbed:
    title: str
    author_name: str = ""
    thumbnail_url: str = ""


def endpoint_for(link: Link) -> str | None:
    """The provider's oEmbed endpoint, or None where there is none to ask (Telegram has
    no oEmbed; Facebook's and Instagram's want a Meta token Masthead may not have)."""
    endpoint = settings.MASTHEAD_EMBED_PROVIDERS[link.provider.slug].get("oembed")
    if link.provider.needs_token and not settings.MASTHEAD_META_OEMBED_TOKEN:
        return None
    return endpoint or None


def read_oembed(link: Link) -> OEmbed:
    """The provider's title, author and thumbnail for a link; a link card made from the
    link alone when the provider has no oEmbed endpoint to ask."""
    endpoint = endpoint_for(link)
    if endpoint is None:
        return OEmbed(title=link.fallback_title)
    params = {"url": link.url, "format": "json"}
    if link.provider.needs_token:
        params["access_token"] = settings.MASTHEAD_META_OEMBED_TOKEN
    try:
        data = fetch_json(endpoint, params, max_bytes=settings.MASTHEAD_EMBED_OEMBED_MAX_BYTES)
    except FetchFailed as failure:
        raise _explain(link, failure) from failure
    return parse_oembed(data, link)


def _explain(link: Link, failure: FetchFailed) -> EmbedError:
    name = link.provider.name
    if failure.status in {401, 403, 404}:
        return NotEmbeddable(
            _(
                "%(provider)s has no public post at this link that it lets others embed (%(reason)s)."
            )
            % {"provider": name, "reason": failure.reason}
        )
    return ProviderUnreachable(
        _(
            "%(provider)s could not be read (%(reason)s). Try again later, or link to it in a paragraph."
        )
        % {"provider": name, "reason": failure.reason}
    )


def parse_oembed(data: dict, link: Link) -> OEmbed:
    """Keep only plain text and an http(s) thumbnail address; the provider's HTML (its
    scripts) is never kept, only read for its words when there is no title (X's posts)."""
    title = _text(data.get("title")) or _text(
        html.unescape(nh3.clean(_text(data.get("html")), tags=set()))
    )
    thumbnail = _text(data.get("thumbnail_url"))
    if not thumbnail.startswith(("https://", "http://")):
        thumbnail = ""
    return OEmbed(
        title=(title or link.fallback_title)[:255],
        author_name=_text(data.get("author_name"))[:255],
        thumbnail_url=thumbnail[:1000],
    )


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""
