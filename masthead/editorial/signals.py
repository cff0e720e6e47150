"""Connects Wagtail's publishing (the editor's Publish, a workflow approval and the
scheduler's `publish_scheduled`, which all send `page_published`) to the editorial rules."""

from django.dispatch import receiver

from wagtail.signals import page_published

from masthead.news.models import ArticlePage

from . import services


@receiver(page_published, sender=ArticlePage, dispatch_uid="editorial-article-date")
def article_published(sender, instance: ArticlePage, revision=None, **kwargs) -> None:
    # Connected before the page cache's handler (editorial comes first in INSTALLED_APPS),
    # which then purges the archive month of the date set here.
    services.article_date_on_publication(article=instance, revision=revision)
