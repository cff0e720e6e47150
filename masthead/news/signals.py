"""What changes to the news tell the page cache.

An article shows up on its own page, its section, the pages of its tags and authors,
every site-wide list, and in the related-article boxes of articles sharing its section
or a tag; all of those are bumped when it is published, edited live, unpublished, moved
or deleted, for what it was before the change and for what it is after. The front page
and sections are left to the page cache's default (any other page changes the whole
site: menus, breadcrumbs), and so are authors' profiles and tag names, shown wherever
their articles are.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from taggit.models import Tag
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.pagecache import dependencies
from masthead.pagecache.invalidation import claim_page_type, pages_changed, shown_on_every_page
from masthead.pagecache.purge import language_variants, site_wide_paths

from .models import ArticleAuthor, ArticleCorrection, ArticlePage, ArticleTag, Author


def article_dependencies(article: ArticlePage) -> set[str]:
    """What shows this article, read from the database as it stands now."""
    names = {
        dependencies.page(article.pk),
        dependencies.ARTICLES,
        dependencies.discussion(article.pk),
    }
    parent_path = article.path[: -article.steplen]
    parent = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    if parent:
        names.add(dependencies.section(parent))
    # Through the link models, not the page's relations: those hold unsaved edits.
    topics = ArticleTag.objects.filter(content_object_id=article.pk)
    names.update(dependencies.topic(slug) for slug in topics.values_list("tag__slug", flat=True))
    authors = ArticleAuthor.objects.filter(page_id=article.pk)
    names.update(dependencies.author(pk) for pk in authors.values_list("author_id", flat=True))
    return names


def article_paths(article: ArticlePage, parent: Page | None = None) -> list[str]:
    """The main addresses that show an article, for purging proxies in front."""
    parent = parent or article.get_parent()
    paths = site_wide_paths()
    for page in (article, parent):
        url = page.get_url() if page else None
        if url and url.startswith("/"):
            paths.extend(language_variants(url))
    return paths


def article_changed(article: ArticlePage, parent: Page | None = None) -> None:
    pages_changed(*article_dependencies(article), paths=article_paths(article, parent))


@receiver(pre_save, sender=ArticlePage)
def article_before_save(sender, instance: ArticlePage, update_fields=None, **kwargs) -> None:
    """Publishing saves the page in full: whatever showed the old version goes stale."""
    if update_fields is None and instance.pk and instance.live:
        before = ArticlePage.objects.filter(pk=instance.pk, live=True).first()
        if before is not None:
            article_changed(before)


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
def article_visibility_changed(sender, instance: ArticlePage, **kwargs) -> None:
    article_changed(instance)


@receiver(post_page_move, sender=ArticlePage)
def article_moved(sender, instance: Page, parent_page_before: Page, **kwargs) -> None:
    pages_changed(dependencies.section(parent_page_before.pk))
    article_changed(instance.specific)


@receiver(pre_delete, sender=ArticlePage)
def article_deleted(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.live:
        article_changed(instance)


@receiver(post_save, sender=ArticleCorrection)
@receiver(post_delete, sender=ArticleCorrection)
def correction_changed(sender, instance: ArticleCorrection, **kwargs) -> None:
    """Corrections are live the moment they are saved, published page or not."""
    pages_changed(dependencies.page(instance.page_id))


claim_page_type(ArticlePage)
for model in (Author, Tag):
    shown_on_every_page(model)
