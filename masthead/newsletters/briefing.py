"""The daily briefing: at its hour, the day's articles (of its section or tag) to its list.

Skipped on a day without articles. At most one per list and day (a constraint), however
many schedulers tick.
"""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from masthead.news.models import ArticlePage

from . import mail
from .models import Newsletter, Send

MAX_ARTICLES = 20


def day_articles(newsletter: Newsletter, day) -> list[ArticlePage]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    articles = ArticlePage.objects.live().filter(
        publication_date__gte=start, publication_date__lt=start + timedelta(days=1)
    )
    if newsletter.section_id:
        articles = articles.descendant_of(newsletter.section)
    if newsletter.tag:
        articles = articles.filter(tags__slug=newsletter.tag)
    return list(articles.order_by("-publication_date")[:MAX_ARTICLES])


def briefing_create(newsletter: Newsletter, day) -> Send | None:
    """Today's briefing for `newsletter`, queued to start; None on a day without articles."""
    articles = day_articles(newsletter, day)
    if not articles:
        return None
    with override(newsletter.language):
        subject = f"{newsletter.name}: {date_format(day, 'DATE_FORMAT')}"
    issue = mail.render_issue(newsletter, articles, subject=subject, full=False)
    try:
        with transaction.atomic():
            send = Send.objects.create(
                newsletter=newsletter,
                day=day,
                subject=mail.clean_header(issue.subject),
                html=issue.html,
                text=issue.text,
                send_at=timezone.now(),
            )
    except IntegrityError:
        return None  # another scheduler made it first
    return send


def briefings_due(now: datetime) -> list[Send]:
    """The briefings whose hour has come today and that are not made yet."""
    local = timezone.localtime(now)
    due = Newsletter.objects.filter(kind=Newsletter.Kind.DAILY, send_hour__lte=local.hour).exclude(
        sends__day=local.date()
    )
    created = [briefing_create(newsletter, local.date()) for newsletter in due]
    return [send for send in created if send is not None]
