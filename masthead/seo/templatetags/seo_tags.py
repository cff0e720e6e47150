"""Metadata for the <head> of every reader page and the share links under articles."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import to_locale

from wagtail.models import Site

from masthead.core.models import SiteSettings
from masthead.news.models import ArticlePage
from masthead.seo import selectors, structured_data

register = template.Library()


def site_root(request) -> str:
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def page_translations(context) -> list[selectors.Translation]:
    """The shown page's translations, read once for the whole <head>."""
    key = "masthead_translations"
    if key not in context.render_context:
        page, request = context.get("page"), context["request"]
        found = selectors.translations(page, request) if page is not None else []
        context.render_context[key] = found
    return context.render_context[key]


@register.inclusion_tag("seo/_alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """Canonical URL, and an hreflang alternate per translation of the page's content.

    /fr/ shows the same article under a French interface: the interface languages are
    not alternates, so a page with no translation has none.
    """
    request = context["request"]
    found = page_translations(context)
    default = next((t.url for t in found if t.is_default_locale), None)
    return {
        "canonical": context.get("canonical_url") or site_root(request) + request.path,
        "alternates": [(t.language, t.url) for t in found],
        "default": default,
    }


def page_social_image(context) -> selectors.SocialImage:
    """The shown page's picture, read once for OpenGraph and JSON-LD."""
    key = "masthead_social_image"
    if key not in context.render_context:
        request, page = context["request"], context.get("page")
        specific = page.specific if page is not None else None
        context.render_context[key] = selectors.social_image(
            specific, SiteSettings.for_request(request), site_root(request)
        )
    return context.render_context[key]


def article_json_ld(request, page, section, authors, image, modified=None) -> dict:
    root = site_root(request)
    url = page.canonical_url or root + page.url
    author_urls = {a.pk: root + reverse("news:author", args=(a.slug,)) for a in authors}
    article = structured_data.news_article(
        page,
        url=url,
        root_url=root,
        section=section,
        authors=authors,
        author_urls=author_urls,
        image=image,
        modified=modified,
    )
    trail = [(SiteSettings.for_request(request).site_name, root + "/")]
    if section is not None:
        trail.append((section.title, root + section.url))
    trail.append((page.title, url))
    return structured_data.graph(article, structured_data.breadcrumbs(trail), organization(request))


def organization(request) -> dict:
    return structured_data.organization(SiteSettings.for_request(request), site_root(request))


def collection_json_ld(request, page) -> dict:
    root = site_root(request)
    site_name = SiteSettings.for_request(request).site_name
    return structured_data.graph(
        {"@type": "CollectionPage", "name": page.title, "url": root + page.url},
        structured_data.breadcrumbs([(site_name, root + "/"), (page.title, root + page.url)]),
        organization(request),
    )


def website_json_ld(request) -> dict:
    root = site_root(request)
    website = {
        "@type": "WebSite",
        "name": SiteSettings.for_request(request).site_name,
        "url": root + "/",
        "publisher": {"@id": f"{root}/#organization"},
    }
    return structured_data.graph(website, organization(request))


@register.simple_tag(takes_context=True)
def json_ld(context) -> str:
    """The page's JSON-LD: NewsArticle and breadcrumbs on articles, the organization everywhere."""
    request, page = context["request"], context.get("page")
    if page is not None and isinstance(page.specific, ArticlePage):
        section, authors = context.get("section"), context.get("authors", [])
        image = page_social_image(context)
        data = article_json_ld(request, page, section, authors, image, context.get("updated_at"))
    elif page is not None and page.depth > 2:
        data = collection_json_ld(request, page)
    else:
        data = website_json_ld(request)
    script_json = structured_data.to_script_json(data)  # <, > and & escaped for a script element
    return mark_safe(f'<script type="application/ld+json">{script_json}</script>')  # noqa: S308


SHARE_TARGETS = [
    ("telegram", "Telegram", "https://t.me/share/url?url={url}&text={title}"),
    ("x", "X", "https://x.com/intent/post?url={url}&text={title}"),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("whatsapp", "WhatsApp", "https://wa.me/?text={title}%20{url}"),
    ("email", "E-mail", "mailto:?subject={title}&body={url}"),
]


@register.inclusion_tag("seo/_share_links.html", takes_context=True)
def share_links(context, page) -> dict:
    """Plain links to each network's share page: no script, no request until a reader clicks."""
    url = site_root(context["request"]) + page.url
    encoded = {"url": quote(url, safe=""), "title": quote(page.title, safe="")}
    links = [
        (network, label, pattern.format(**encoded)) for network, label, pattern in SHARE_TARGETS
    ]
    return {"links": links, "url": url}


@register.inclusion_tag("seo/_meta.html", takes_context=True)
def page_meta(context) -> dict:
    """Description, OpenGraph and Twitter card values for the page being shown."""
    request = context["request"]
    page = context.get("page")
    site_settings = SiteSettings.for_request(request)
    specific = page.specific if page is not None else None
    is_article = isinstance(specific, ArticlePage)
    description = (
        (getattr(page, "search_description", "") or getattr(specific, "dek", "")) if page else ""
    )
    # An article's content language, whatever the interface: og:locale describes the content.
    language = specific.language if is_article else context.get("LANGUAGE_CODE")
    language = language or settings.LANGUAGE_CODE
    return {
        "site_name": site_settings.site_name,
        "title": (page.seo_title or page.title)
        if page
        else context.get("meta_title", site_settings.site_name),
        "description": description or context.get("meta_description", site_settings.tagline),
        "url": context.get("canonical_url") or site_root(request) + request.path,
        "locale": to_locale(language),
        "alternate_locales": [
            to_locale(t.language) for t in page_translations(context) if t.language != language
        ],
        "article": specific if is_article else None,
        "modified": context.get("updated_at")
        or (specific.publication_date if is_article else None),
        "section": context.get("section"),
        "tags": context.get("tags", []),
        "image": page_social_image(context),
    }
