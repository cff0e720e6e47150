"""Loading the demo site: once, in one transaction, through the same models editors use."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.html import escape

from wagtail.models import Page, Site

from masthead.core.models import SiteSettings
from masthead.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage
from masthead.newsletters.models import Newsletter

from . import content


@dataclass(frozen=True)
class DemoLoadResult:
    created: bool
    articles: int


def stream_data(body: content.Body) -> list[dict]:
    """The demo body in StreamField's raw form."""
    data = []
    for block_type, value in body:
        if block_type == "paragraph":
            data.append({"type": "paragraph", "value": f"<p>{escape(value)}</p>"})
        elif block_type == "heading":
            data.append({"type": "heading", "value": {"text": value, "level": "h2", "anchor": ""}})
        elif block_type == "fact_box":
            title, facts = value
            data.append({"type": "fact_box", "value": {"title": title, "facts": list(facts)}})
        elif block_type == "quote":
            quote, speaker, role = value
            data.append(
                {"type": "quote", "value": {"quote": quote, "speaker": speaker, "role": role}}
            )
    return data


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def replace_wagtail_welcome_page() -> Page:
    """Drop the page and site Wagtail's first migration creates; return the tree's root."""
    Page.objects.filter(
        depth=2, content_type__model="page", content_type__app_label="wagtailcore"
    ).delete()
    return Page.get_first_root_node()


def create_home() -> HomePage:
    home = publish_child(
        replace_wagtail_welcome_page(), HomePage(title=content.SITE_NAME, slug="home")
    )
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.create(
        hostname=base_url.hostname or "localhost",
        port=base_url.port or (443 if base_url.scheme == "https" else 80),
        root_page=home,
        is_default_site=True,
        site_name=content.SITE_NAME,
    )
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "site_name": content.SITE_NAME,
            "tagline": content.TAGLINE,
            **content.SOCIAL_PROFILES,
        },
    )
    return home


def create_article(
    section: SectionPage, article: content.DemoArticle, authors: dict[str, Author]
) -> ArticlePage:
    page = ArticlePage(
        title=article.headline,
        slug=article.slug,
        dek=article.dek,
        dateline=article.dateline,
        publication_date=article.published,
        language="en",
        body=stream_data(article.body),
    )
    page.article_authors = [ArticleAuthor(author=authors[slug]) for slug in article.authors]
    page.tags.add(*article.tags)
    return publish_child(section, page)


def create_newsletters() -> None:
    """The two lists a newsroom starts with: a morning briefing and breaking news."""
    for newsletter in content.NEWSLETTERS:
        Newsletter.objects.get_or_create(slug=newsletter["slug"], defaults=newsletter)


@transaction.atomic
def load_demo_site() -> DemoLoadResult:
    """Create the demo front page, sections, authors and articles, unless a front page exists.

    Running it twice is safe: the second run finds the front page and changes nothing.
    """
    if HomePage.objects.exists():
        return DemoLoadResult(created=False, articles=ArticlePage.objects.count())
    home = create_home()
    authors = {
        a.slug: Author.objects.create(
            slug=a.slug, name=a.name, role=a.role, bio=a.bio, is_organisation=a.is_organisation
        )
        for a in content.AUTHORS
    }
    sections = {
        s.slug: publish_child(
            home, SectionPage(title=s.title, slug=s.slug, intro=s.intro, show_in_menus=True)
        )
        for s in content.SECTIONS
    }
    articles = [
        create_article(sections[article.section], article, authors)
        for article in [content.LEAD_ARTICLE, *content.SAMPLE_ARTICLES]
    ]
    home.lead_article = articles[0]
    home.save_revision().publish()
    create_newsletters()
    return DemoLoadResult(created=True, articles=len(articles))
