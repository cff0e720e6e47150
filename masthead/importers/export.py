"""Export, so a newsroom can always leave: WXR 1.2 as WordPress writes it, or JSON + images.

Both are written as a stream of strings, one article at a time, so a large archive goes
to a file or a download without being held in memory.
"""

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC
from email.utils import format_datetime
from html import escape
from pathlib import Path

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wagtail.models import Site

from masthead.comments.models import Comment, Rating
from masthead.news.models import ArticlePage, Author, SectionPage

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
"""
WXR_DATE = "%Y-%m-%d %H:%M:%S"


def exported_articles() -> QuerySet[ArticlePage]:
    """Every article, drafts too, with what the export writes read in a few queries."""
    approved = Comment.objects.filter(status=Comment.Status.APPROVED).order_by("created_at", "pk")
    return (
        ArticlePage.objects.order_by("path")
        .select_related("featured_image")
        .prefetch_related(
            "tags",
            "article_authors__author",
            Prefetch("comments", queryset=approved, to_attr="approved_comments"),
            Prefetch(
                "ratings",
                queryset=Rating.objects.filter(comment__isnull=True),
                to_attr="lone_ratings",
            ),
        )
    )


def cdata(text: str) -> str:
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def site_root() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute(url: str, root: str) -> str:
    return url if url.startswith(("http://", "https://")) else root + url


def body_html(article: ArticlePage, root: str) -> str:
    """The body as the HTML a WordPress post holds; the importer reads it back block for block."""
    return "\n".join(block_html(block.block_type, block.value, root) for block in article.body)


def block_html(kind: str, value, root: str) -> str:
    if kind == "paragraph":
        return value.source
    if kind == "heading":
        return f'<{value["level"]} id="{escape(value["anchor"] or "")}">{escape(value["text"])}</{value["level"]}>'
    if kind == "quote":
        cite = f"<cite>{escape(value['speaker'])}</cite>" if value["speaker"] else ""
        return f"<blockquote><p>{escape(value['quote'])}</p>{cite}</blockquote>"
    if kind == "image" and value["image"] is not None:
        return figure_html(value, root)
    if kind == "gallery":
        figures = "".join(
            figure_html(picture, root) for picture in value["images"] if picture["image"]
        )
        title = f"<figcaption>{escape(value['title'])}</figcaption>" if value["title"] else ""
        return f'<figure class="wp-block-gallery">{figures}{title}</figure>'
    if kind == "fact_box":
        facts = "".join(f"<li>{escape(fact)}</li>" for fact in value["facts"])
        return f"<h3>{escape(value['title'])}</h3><ul>{facts}</ul>"
    if kind == "pull_quote":
        cite = f"<cite>{escape(value['attribution'])}</cite>" if value["attribution"] else ""
        quote = f"<blockquote><p>{escape(value['text'])}</p>{cite}</blockquote>"
        return f'<figure class="wp-block-pullquote">{quote}</figure>'
    if kind in LISTS:
        items = "".join(f"<li>{item.source}</li>" for item in value["items"])
        return f"<{LISTS[kind]}>{items}</{LISTS[kind]}>"
    if kind == "table":
        return table_html(value)
    if kind == "embed" and value:
        # As WordPress keeps an embed: the link alone in the block's wrapper.
        return f'<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">{escape(value.url)}</div></figure>'
    return ""


LISTS = {"bulleted_list": "ul", "numbered_list": "ol"}


def table_html(value) -> str:
    rows = value.get("data") or []
    header = bool(value.get("first_row_is_table_header")) and bool(rows)
    caption = value.get("table_caption") or ""
    parts = [f"<caption>{escape(caption)}</caption>" if caption else ""]
    if header:
        cells = "".join(f"<th>{escape(cell or '')}</th>" for cell in rows[0])
        parts.append(f"<thead><tr>{cells}</tr></thead>")
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell or '')}</td>" for cell in row) + "</tr>"
        for row in rows[1 if header else 0 :]
    )
    return f"<table>{''.join(parts)}<tbody>{body}</tbody></table>"


def figure_html(value, root: str) -> str:
    caption = escape(value["caption"] or "")
    if value["credit"]:
        caption = f"{caption} Photo: {escape(value['credit'])}".strip()
    src = absolute(value["image"].file.url, root)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{escape(src)}" alt="{escape(value["alt_text"] or "")}">{figcaption}</figure>'


def wxr_status(article: ArticlePage) -> str:
    if article.live:
        return "publish"
    if article.go_live_at and article.go_live_at > timezone.now():
        return "future"
    return "draft"


def tag(name: str, value: str) -> str:
    return f"\t\t<{name}>{cdata(value)}</{name}>\n"


def wxr_channel(root: str) -> Iterator[str]:
    yield f"\t<title>{escape(Site.objects.filter(is_default_site=True).values_list('site_name', flat=True).first() or 'Masthead')}</title>\n"
    yield f"\t<link>{escape(root)}</link>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
    for author in Author.objects.order_by("pk"):
        yield (
            f"\t<wp:author><wp:author_id>{author.pk}</wp:author_id>"
            f"<wp:author_login>{cdata(author.slug)}</wp:author_login>"
            f"<wp:author_display_name>{cdata(author.name)}</wp:author_display_name></wp:author>\n"
        )
    for section in SectionPage.objects.order_by("path"):
        yield (
            f"\t<wp:category><wp:term_id>{section.pk}</wp:term_id><wp:category_nicename>{cdata(section.slug)}"
            f"</wp:category_nicename><wp:cat_name>{cdata(section.title)}</wp:cat_name></wp:category>\n"
        )


def export_wxr() -> Iterator[str]:
    """The whole site as a WXR 1.2 file, in pieces."""
    root = site_root()
    sections = {section.path: section for section in SectionPage.objects.all()}
    yield WXR_HEAD
    yield from wxr_channel(root)
    for article in exported_articles().iterator(chunk_size=200):
        section = sections.get(article.path[: -article.steplen])
        yield wxr_item(article, section, root)
        if article.featured_image_id:
            yield wxr_attachment(article, root)
    yield "</channel>\n</rss>\n"


def wxr_item(article: ArticlePage, section: SectionPage | None, root: str) -> str:
    # A draft with no date of its own is written undated, as WordPress writes its drafts.
    date = article.publication_date or (article.first_published_at if article.live else None)
    authors = [link.author for link in article.article_authors.all()]
    parts = [
        "\t<item>\n",
        f"\t\t<title>{cdata(article.title)}</title>\n",
        f"\t\t<link>{escape(absolute(article.url or '', root))}</link>\n",
        f"\t\t<pubDate>{format_datetime(date) if date else ''}</pubDate>\n",
        tag("dc:creator", authors[0].slug if authors else ""),
        f'\t\t<guid isPermaLink="false">{escape(absolute("/?p=" + str(article.pk), root))}</guid>\n',
        tag("content:encoded", body_html(article, root)),
        tag("excerpt:encoded", article.dek),
        f"\t\t<wp:post_id>{article.pk}</wp:post_id>\n",
        tag("wp:post_date", timezone.localtime(date).strftime(WXR_DATE) if date else ""),
        tag(
            "wp:post_date_gmt",
            date.astimezone(UTC).strftime(WXR_DATE) if date else "0000-00-00 00:00:00",
        ),
        tag("wp:post_name", article.slug),
        tag("wp:status", wxr_status(article)),
        tag("wp:post_type", "post"),
    ]
    if section:
        parts.append(
            f'\t\t<category domain="category" nicename="{escape(section.slug)}">{cdata(section.title)}</category>\n'
        )
    parts += [
        f'\t\t<category domain="post_tag" nicename="{escape(t.slug)}">{cdata(t.name)}</category>\n'
        for t in article.tags.all()
    ]
    parts.append(postmeta("_masthead_authors", ",".join(author.slug for author in authors)))
    if article.featured_image_id:
        parts.append(postmeta("_thumbnail_id", f"image-{article.featured_image_id}-{article.pk}"))
    parts += [wxr_comment(comment) for comment in article.approved_comments]
    parts += [wxr_rating(rating) for rating in article.lone_ratings]
    parts.append("\t</item>\n")
    return "".join(parts)


def postmeta(key: str, value: str) -> str:
    return f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key><wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n"


def wxr_comment(comment: Comment) -> str:
    rating = (
        f"<wp:commentmeta><wp:meta_key>{cdata('rating')}</wp:meta_key><wp:meta_value>{cdata(str(comment.rating))}"
        "</wp:meta_value></wp:commentmeta>"
        if comment.rating
        else ""
    )
    return (
        f"\t\t<wp:comment><wp:comment_id>{comment.pk}</wp:comment_id>"
        f"<wp:comment_author>{cdata(comment.name)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(comment.email)}</wp:comment_author_email>"
        f"<wp:comment_date_gmt>{cdata(comment.created_at.astimezone(UTC).strftime(WXR_DATE))}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(comment.body)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata('1')}</wp:comment_approved><wp:comment_type>{cdata('comment')}</wp:comment_type>"
        f"<wp:comment_parent>{comment.parent_id or 0}</wp:comment_parent>{rating}</wp:comment>\n"
    )


def wxr_rating(rating: Rating) -> str:
    """A rating given without a comment: a comment of its own type, as review plugins write it."""
    return (
        f"\t\t<wp:comment><wp:comment_id>rating-{rating.pk}</wp:comment_id>"
        f"<wp:comment_author>{cdata('')}</wp:comment_author>"
        f"<wp:comment_date_gmt>{cdata(rating.updated_at.astimezone(UTC).strftime(WXR_DATE))}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata('')}</wp:comment_content>"
        f"<wp:comment_approved>{cdata('1')}</wp:comment_approved><wp:comment_type>{cdata('rating')}</wp:comment_type>"
        f"<wp:comment_parent>0</wp:comment_parent><wp:commentmeta><wp:meta_key>{cdata('rating')}</wp:meta_key>"
        f"<wp:meta_value>{cdata(str(rating.value))}</wp:meta_value></wp:commentmeta></wp:comment>\n"
    )


def wxr_attachment(article: ArticlePage, root: str) -> str:
    image = article.featured_image
    url = absolute(image.file.url, root)
    return (
        f"\t<item>\n{tag('title', image.title)}"
        f'\t\t<guid isPermaLink="false">{escape(url)}</guid>\n'
        f"\t\t<wp:post_id>image-{image.pk}-{article.pk}</wp:post_id>\n"
        f"{tag('wp:status', 'inherit')}{tag('wp:post_type', 'attachment')}{tag('wp:attachment_url', url)}"
        f"{postmeta('_wp_attachment_image_alt', image.alt_text)}\t</item>\n"
    )


def write_wxr(target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for chunk in export_wxr():
            out.write(chunk)


def image_name(image) -> str:
    return f"images/{image.pk}-{Path(image.file.name).name}"


def json_picture(value) -> dict:
    image = value["image"]
    return {
        "file": image_name(image) if image else None,
        **{key: value[key] for key in ("alt_text", "caption", "credit")},
    }


def block_images(block) -> list:
    """The stored images a body block shows, for the zip."""
    if block.block_type == "image":
        return [block.value["image"]] if block.value["image"] else []
    if block.block_type == "gallery":
        return [picture["image"] for picture in block.value["images"] if picture["image"]]
    return []


def json_block(kind: str, value) -> dict:
    if kind == "paragraph":
        return {"type": kind, "html": value.source}
    if kind == "image":
        return {"type": kind, **json_picture(value)}
    if kind == "fact_box":
        return {"type": kind, "title": value["title"], "facts": list(value["facts"])}
    if kind == "gallery":
        images = [json_picture(picture) for picture in value["images"] if picture["image"]]
        return {"type": kind, "title": value["title"], "images": images}
    if kind in LISTS:
        return {"type": kind, "items": [item.source for item in value["items"]]}
    if kind == "embed":
        return {"type": kind, "url": value.url, "title": value.title} if value else {"type": kind}
    if kind == "table":
        return {"type": kind, **{key: value.get(key) for key in TABLE_KEYS}}
    if kind in ("heading", "quote", "pull_quote"):
        return {"type": kind, **dict(value)}
    # Blocks pointing at other records (gallery, document, video, related article) are
    # written as their kind only: the article's text and pictures are what travel.
    return {"type": kind}


TABLE_KEYS = ("data", "first_row_is_table_header", "table_caption")


def json_article(article: ArticlePage, section: SectionPage | None) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "slug": article.slug,
        "url": article.url,
        "status": wxr_status(article),
        "section": section.title if section else None,
        "dek": article.dek,
        "publication_date": article.publication_date.isoformat()
        if article.publication_date
        else None,
        "tags": sorted(tag.name for tag in article.tags.all()),
        "authors": [link.author.slug for link in article.article_authors.all()],
        "featured_image": image_name(article.featured_image) if article.featured_image else None,
        "featured_image_alt": article.featured_image.alt_text if article.featured_image else None,
        "body": [json_block(block.block_type, block.value) for block in article.body],
        "comments": [json_comment(comment) for comment in article.approved_comments],
        "ratings": [rating.value for rating in article.lone_ratings],
    }


def json_comment(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "name": comment.name,
        "email": comment.email,
        "body": comment.body,
        "rating": comment.rating,
        "created_at": comment.created_at.isoformat(),
    }


def write_json_zip(target: Path) -> int:
    """masthead-export.json and the images it names, in one zip; returns the article count."""
    sections = {section.path: section for section in SectionPage.objects.all()}
    articles, images = [], {}
    for article in exported_articles().iterator(chunk_size=200):
        articles.append(json_article(article, sections.get(article.path[: -article.steplen])))
        for block in article.body:
            for image in block_images(block):
                images[image_name(image)] = image
        if article.featured_image:
            images[image_name(article.featured_image)] = article.featured_image
    document = {
        "format": "masthead-export",
        "version": 1,
        "authors": [
            {"slug": a.slug, "name": a.name, "role": a.role, "bio": a.bio}
            for a in Author.objects.all()
        ],
        "sections": [{"title": s.title, "slug": s.slug} for s in sections.values()],
        "articles": articles,
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("masthead-export.json", json.dumps(document, indent=1, ensure_ascii=False))
        for name, image in images.items():
            with image.file.open("rb") as source:
                archive.writestr(name, source.read())
    return len(articles)
