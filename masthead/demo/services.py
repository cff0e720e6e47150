"""Loading the demo site: once, in one transaction, through the same models editors use."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape

from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from masthead.core.models import SiteSettings
from masthead.embeds.blocks import EmbedValue
from masthead.embeds.models import EmbedPreview
from masthead.images.models import NewsImage
from masthead.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage
from masthead.newsletters.models import Newsletter

from . import content, pictures
from .pictures import Scene


@dataclass(frozen=True)
class DemoLoadResult:
    created: bool
    articles: int


@dataclass(frozen=True)
class DemoMedia:
    """What demo bodies point at by name: pictures, documents and articles already made."""

    images: dict[str, NewsImage] = field(default_factory=dict)
    articles: dict[str, ArticlePage] = field(default_factory=dict)


def stream_data(body: content.Body, media: DemoMedia | None = None) -> list[dict]:
    """The demo body in StreamField's raw form."""
    media = media or DemoMedia()
    return [
        {"type": block_type, "value": block_value(block_type, value, media)}
        for block_type, value in body
    ]


def block_value(block_type: str, value, media: DemoMedia):
    if block_type == "paragraph":
        return f"<p>{escape(value)}</p>"
    if block_type == "heading":
        return {"text": value, "level": "h2", "anchor": ""}
    if block_type == "fact_box":
        title, facts = value
        return {"title": title, "facts": list(facts)}
    if block_type == "quote":
        quote, speaker, role = value
        return {"quote": quote, "speaker": speaker, "role": role}
    return media_block_value(block_type, value, media)


def media_block_value(block_type: str, value, media: DemoMedia):
    if block_type in ("bulleted_list", "numbered_list"):
        return {"items": [f"<p>{escape(item)}</p>" for item in value]}
    if block_type == "gallery":
        title, keys = value
        images = [
            {"image": media.images[key].pk, "alt_text": "", "caption": "", "credit": ""}
            for key in keys
        ]
        return {"title": title, "images": images}
    if block_type == "table":
        caption, rows = value
        return {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": caption,
        }
    if block_type == "pull_quote":
        text, attribution = value
        return {"text": text, "attribution": attribution}
    if block_type == "related_article":
        return {"article": media.articles[value].pk, "label": ""}
    if block_type == "document":
        title, lines = value
        return {"document": demo_document(title, lines).pk, "title": ""}
    if block_type == "embed":
        return demo_embed(value, media.images[value.picture]).as_dict()
    raise ValueError(f"Unknown demo block: {block_type}")


def demo_image(scene: Scene) -> NewsImage:
    """A picture drawn for the demo, stored as editors store an upload."""
    image = NewsImage(
        title=scene.caption,
        file=ContentFile(pictures.jpeg_bytes(scene), name=f"demo-{scene.key}.jpg"),
        description=scene.alt_text,
        caption=scene.caption,
        credit=pictures.CREDIT,
    )
    image._set_image_file_metadata()  # its size and hash, as the admin's upload sets them
    image.save()
    return image


def demo_embed(link: content.EmbedLink, picture: NewsImage) -> EmbedValue:
    """The embed's preview stored as an editor's save stores it, so saving the article
    again reuses it instead of asking the provider."""
    preview, _ = EmbedPreview.objects.update_or_create(
        url=link.url,
        defaults={
            "provider": link.provider,
            "title": link.title,
            "author_name": link.author_name,
            "thumbnail": picture,
        },
    )
    return EmbedValue.from_preview(preview)


def demo_document(title: str, lines: list[str]):
    pdf = pictures.fact_sheet_pdf(title, lines)
    document = get_document_model()(title=title, file=ContentFile(pdf, name="demo-summary.pdf"))
    document._set_document_file_metadata()  # its size and hash, as the admin's upload sets them
    document.save()
    return document


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
    section: SectionPage,
    article: content.DemoArticle,
    authors: dict[str, Author],
    media: DemoMedia,
) -> ArticlePage:
    scene = content.PICTURES.get(article.slug)
    page = ArticlePage(
        title=article.headline,
        slug=article.slug,
        dek=article.dek,
        dateline=article.dateline,
        publication_date=article.published,
        language="en",
        body=stream_data([*article.body, *content.EXTRA_BLOCKS.get(article.slug, [])], media),
        featured_image=demo_image(scene) if scene else None,
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
    drawn = [*content.GALLERY_PICTURES, *content.EMBED_PICTURES]
    media = DemoMedia(images={scene.key: demo_image(scene) for scene in drawn})
    articles = []
    for article in [content.LEAD_ARTICLE, *content.SAMPLE_ARTICLES]:
        articles.append(create_article(sections[article.section], article, authors, media))
        media.articles[article.slug] = articles[-1]
    home.lead_article = articles[0]
    home.save_revision().publish()
    create_newsletters()
    return DemoLoadResult(created=True, articles=len(articles))
