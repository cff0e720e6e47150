"""Reads for the metadata of reader pages: which translations of a page exist, which picture
stands for it."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static

from wagtail.models import Page

from masthead.images.renditions import SOCIAL_SPEC


@dataclass(frozen=True)
class Translation:
    """A version of a page's content in one language, at its own address."""

    language: str
    url: str
    is_default_locale: bool


def content_language(page: Page) -> str:
    """The language a page's content is written in: an article says so, other pages go by locale."""
    return getattr(page, "language", "") or page.locale.language_code


def translations(page: Page, request: HttpRequest) -> list[Translation]:
    """The page and its live, public translations, one per content language; empty alone.

    Only Wagtail's translations of the content count: the interface languages show the
    same article under another interface, which is not a translation. A copy still in the
    page's own language is not one either, so the page itself wins its language. Without
    Wagtail's i18n no translation has an address, and nothing is read.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    others = (
        type(page)
        .objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .live()
        .public()
        .select_related("locale")
        .order_by("locale__language_code")
    )
    found: dict[str, Translation] = {}
    for version in [page, *others]:
        language, url = content_language(version), version.get_full_url(request)
        if url and language not in found:
            in_default_locale = version.locale.language_code == settings.LANGUAGE_CODE
            found[language] = Translation(language, url, in_default_locale)
    return list(found.values()) if len(found) > 1 else []


@dataclass(frozen=True)
class SocialImage:
    """The picture link previews and search engines show for a page, at an absolute URL."""

    url: str
    width: int
    height: int


# Drawn by bench/social_image.py and shipped: the default until a site chooses its own.
DEFAULT_SOCIAL_IMAGE = ("social-default.png", 1200, 630)


def social_image(page: Page | None, site_settings, root_url: str) -> SocialImage:
    """The article's featured image, else the site's default social image, else the wordmark.

    Every page has a picture at a size networks show large (1200 wide), so a shared link
    never falls back to a 600×60 logo cropped to a square.
    """
    featured = getattr(page, "featured_image", None)
    if featured is not None:
        return rendition_image(featured.get_rendition(SOCIAL_SPEC), root_url)
    if site_settings.default_social_image is not None:
        return rendition_image(
            site_settings.default_social_image.get_rendition("fill-1200x630|format-jpeg"), root_url
        )
    path, width, height = DEFAULT_SOCIAL_IMAGE
    return SocialImage(root_url + static(path), width, height)


def rendition_image(rendition, root_url: str) -> SocialImage:
    url = rendition.url if "://" in rendition.url else root_url + rendition.url
    return SocialImage(url, rendition.width, rendition.height)
