"""JSON-LD for reader pages: the newsroom as an Organization, articles as NewsArticle,
and breadcrumbs. Star ratings are deliberately left out: search engines do not show
review stars for news and treat self-served rating markup as spam."""

import json

from django.templatetags.static import static

from masthead.core.models import SiteSettings

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script_json(data: dict | list) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)


def organization(site_settings: SiteSettings, root_url: str) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "@id": f"{root_url}/#organization",
        "name": site_settings.site_name,
        "url": f"{root_url}/",
        "logo": {
            "@type": "ImageObject",
            "url": root_url + static("logo.png"),
            "width": 600,
            "height": 60,
        },
        "sameAs": [link.url for link in site_settings.social_links()],
    }


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


HEADLINE_LIMIT = 110


def headline(title: str) -> str:
    """Search engines read at most 110 characters of a headline; cut longer ones at a word."""
    if len(title) <= HEADLINE_LIMIT:
        return title
    return title[: HEADLINE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def byline(author, url: str) -> dict:
    """A staff byline (the newsroom, a desk) is an Organization; anyone else a Person."""
    kind = "Organization" if author.is_organisation else "Person"
    return {"@type": kind, "name": author.name, "url": url}


def news_article(
    article,
    *,
    url: str,
    root_url: str,
    section,
    authors,
    author_urls: dict,
    image,
    modified=None,
) -> dict:
    data = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "headline": headline(article.title),
        "description": article.dek,
        "datePublished": article.publication_date.isoformat(),
        "dateModified": (modified or article.publication_date).isoformat(),
        "inLanguage": article.language,
        "mainEntityOfPage": url,
        # An unsigned article is the newsroom's own.
        "author": [byline(author, author_urls[author.pk]) for author in authors]
        or [{"@id": f"{root_url}/#organization"}],
        "image": [
            {"@type": "ImageObject", "url": image.url, "width": image.width, "height": image.height}
        ],
        "publisher": {"@id": f"{root_url}/#organization"},
    }
    if section is not None:
        data["articleSection"] = section.title
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    return data


def graph(*items: dict) -> dict:
    return {"@context": "https://schema.org", "@graph": list(items)}
