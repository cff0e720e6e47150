"""What the newsroom's publishing rules write on an article."""

from datetime import datetime

from django.db import transaction

from wagtail.models import Revision

from masthead.news.models import ArticlePage

from .checks import Finding, draft_from_stream, run_checks


def went_live_at(article: ArticlePage) -> datetime:
    """The go-live time it was scheduled for, else when Wagtail published it.

    The scheduler publishes within its interval after the go-live time (30 s); readers
    should see the time the editor chose, 23:33, not 23:33:27.
    """
    published = article.first_published_at or article.last_published_at
    if article.go_live_at and article.go_live_at <= published:
        return article.go_live_at
    return published


def article_date_on_publication(*, article: ArticlePage, revision: Revision | None) -> bool:
    """Give a live article without a publication date the time it first went live.

    An editor who leaves the date empty means "when it goes live": an article drafted at
    23:28 and scheduled for 23:33 must read 23:33 in the page, its structured data and
    the listings. A date set by hand stands. The published revision gets the date too,
    so the editor sees it and the next publication keeps it. Returns whether it was set.
    """
    if not article.live or article.publication_date is not None:
        return False
    date = went_live_at(article)
    with transaction.atomic():
        ArticlePage.objects.filter(pk=article.pk, publication_date__isnull=True).update(
            publication_date=date
        )
        if revision is not None:
            revision.content["publication_date"] = date
            revision.save(update_fields=["content"])
    article.publication_date = date
    return True


def article_publication_refusal(*, article: ArticlePage, created: bool) -> list[Finding]:
    """The editorial errors that stop an article going live; empty when it may.

    Wagtail's create view saves a new page as live before publishing its revision; when
    publication is refused, the new article must stay a draft readers cannot see.
    """
    draft = draft_from_stream(article.title, article.dek, article.body, article.featured_image)
    errors = [finding for finding in run_checks(draft) if finding.is_error]
    if errors and created:
        ArticlePage.objects.filter(pk=article.pk).update(live=False, has_unpublished_changes=True)
        article.live = False
    return errors
