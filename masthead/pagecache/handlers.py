"""Which changes touch which cached pages: Wagtail's and Django's signals, mapped to tags.

An article shows up on its own page, its section, the pages of its tags and authors,
every site-wide list, and in the related-article boxes of articles sharing its section
or a tag; all of those are bumped when it is published, edited live, unpublished, moved
or deleted, for what it was before the change and for what it is after. Any other page
(the front page, a section) appears in the menu and the breadcrumbs of every page, and
so do site settings, authors' profiles, images and tag names: those bump the whole site.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.comments.models import Comment, CommentSettings
from masthead.core.models import SiteSettings
from masthead.images.models import NewsImage
from masthead.news.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticleTag,
    Author,
)

from . import tags
from .invalidation import pages_changed
from .purge import language_variants

SITE_FEEDS = ("/feeds/site/all/rss.xml", "/feeds/site/all/atom.xml")
SITEMAPS = ("/sitemap.xml", "/news-sitemap.xml")


def article_tags(article: ArticlePage) -> set[str]:
    """What shows this article, read from the database as it stands now."""
    names = {tags.page(article.pk), tags.ARTICLES, tags.discussion(article.pk)}
    parent_path = article.path[: -article.steplen]
    parent = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    if parent:
        names.add(tags.section(parent))
    # Through the link models, not the page's relations: those hold unsaved edits.
    topics = ArticleTag.objects.filter(content_object_id=article.pk)
    names.update(tags.topic(slug) for slug in topics.values_list("tag__slug", flat=True))
    authors = ArticleAuthor.objects.filter(page_id=article.pk)
    names.update(tags.author(pk) for pk in authors.values_list("author_id", flat=True))
    return names


def article_paths(article: ArticlePage, parent: Page | None = None) -> list[str]:
    """The main addresses that show an article, for purging proxies in front."""
    parent = parent or article.get_parent()
    paths = [*SITE_FEEDS, *SITEMAPS]
    for page in (article, parent):
        url = page.get_url() if page else None
        if url and url.startswith("/"):
            paths.extend(language_variants(url))
    paths.extend(language_variants("/"))
    return paths


def article_changed(article: ArticlePage, parent: Page | None = None) -> None:
    pages_changed(*article_tags(article), paths=article_paths(article, parent))


def site_changed() -> None:
    pages_changed(tags.SITE, paths=[*language_variants("/"), *SITE_FEEDS, *SITEMAPS])


@receiver(pre_save, sender=ArticlePage)
def article_before_save(sender, instance: ArticlePage, update_fields=None, **kwargs) -> None:
    """Publishing saves the page in full: whatever showed the old version goes stale."""
    if update_fields is None and instance.pk and instance.live:
        before = ArticlePage.objects.filter(pk=instance.pk, live=True).first()
        if before is not None:
            article_changed(before)


@receiver(page_published)
@receiver(page_unpublished)
def page_visibility_changed(sender, instance: Page, **kwargs) -> None:
    if isinstance(instance, ArticlePage):
        article_changed(instance)
    else:
        site_changed()


@receiver(post_page_move)
def page_moved(sender, instance: Page, parent_page_before: Page, **kwargs) -> None:
    instance = instance.specific
    if isinstance(instance, ArticlePage):
        pages_changed(tags.section(parent_page_before.pk))
        article_changed(instance)
    else:
        site_changed()


@receiver(pre_delete, sender=ArticlePage)
def article_deleted(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.live:
        article_changed(instance)


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance: Page, **kwargs) -> None:
    if instance.live and instance.specific_class is not ArticlePage:
        site_changed()


@receiver(post_save, sender=ArticleCorrection)
@receiver(post_delete, sender=ArticleCorrection)
def correction_changed(sender, instance: ArticleCorrection, **kwargs) -> None:
    """Corrections are live the moment they are saved, published page or not."""
    pages_changed(tags.page(instance.page_id))


@receiver(post_save, sender=Comment)
def comment_edited(sender, instance: Comment, created: bool, **kwargs) -> None:
    """An approved comment corrected by a moderator; status changes recount (services)."""
    if not created and instance.status == Comment.Status.APPROVED:
        pages_changed(tags.discussion(instance.article_id))


def whole_site_changed(sender, created: bool = False, **kwargs) -> None:
    """Something new (an image uploaded, an author added) is shown nowhere yet."""
    if not created:
        site_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, **kwargs) -> None:
    """A page put behind a password or a login leaves public view, menus and feeds."""
    site_changed()


for model in (SiteSettings, CommentSettings, Site, Author, NewsImage, Tag):
    post_save.connect(whole_site_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_delete.connect(
        whole_site_changed, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
    )
