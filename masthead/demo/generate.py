"""Scale data for benchmarks: many varied articles, authors, tags and comments, fast.

Pages are written with bulk inserts rather than one `add_child()` each (which would take
hours for 100,000 articles); the tree paths, URL paths and per-article totals are
computed here exactly as Wagtail and the comments app would have stored them.
"""

import json
import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.models import Page

from masthead.comments.models import ArticleFeedback, Comment, Rating
from masthead.news.models import ArticleAuthor, ArticlePage, ArticleTag, Author, SectionPage
from masthead.news.search.index import index_articles

from .services import load_demo_site

BATCH = 2000
SUBJECTS = [
    "Trade",
    "Fisheries",
    "Rail",
    "Schools",
    "Rice",
    "Tourism",
    "Power",
    "Water",
    "Ports",
    "Health",
]
PLACES = ["Siem Reap", "Phnom Penh", "Bangkok", "Hanoi", "Jakarta", "Manila", "Vientiane", "Yangon"]
VERBS = ["weighs", "opens", "delays", "expands", "reviews", "funds", "debates", "restores"]
PROSE = (
    "officials said the plan would take effect next year after talks with regional partners "
    "while traders and farmers asked for clearer rules on prices permits and transport costs"
)
WORDS = PROSE.split(" ")  # noqa: SIM905 - reads as prose


@dataclass(frozen=True)
class GenerateResult:
    articles: int
    comments: int
    seconds: float


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def article_body(rng: random.Random) -> str:
    blocks = []
    for number in range(rng.randint(4, 9)):
        if number and number % 3 == 0:
            heading = rng.choice(SUBJECTS) + " and " + rng.choice(SUBJECTS).lower()
            blocks.append(
                {
                    "type": "heading",
                    "value": {"text": heading, "level": "h2", "anchor": f"part-{number}"},
                }
            )
        paragraph = " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(3))
        blocks.append(
            {"type": "paragraph", "value": f"<p>{paragraph}</p>", "id": str(uuid.uuid4())}
        )
    return json.dumps(blocks)


def supporting_cast(rng: random.Random) -> tuple[list[Author], list[Tag]]:
    authors = list(Author.objects.filter(slug__startswith="generated-"))
    if not authors:
        Author.objects.bulk_create(
            Author(name=f"Reporter {n}", slug=f"generated-reporter-{n}", role="Correspondent")
            for n in range(40)
        )
        authors = list(Author.objects.filter(slug__startswith="generated-"))
    names = [f"{subject} {place}" for subject in SUBJECTS for place in PLACES]
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name)) for name in names], ignore_conflicts=True
    )
    return authors, list(Tag.objects.filter(name__in=names))


def insert_articles(rows: list[tuple[Page, dict]]) -> None:
    """The ArticlePage rows under already inserted Page rows (bulk_create cannot do both)."""
    fields = [ArticlePage._meta.get_field(name) for name in rows[0][1]]
    columns = ", ".join(["page_ptr_id", *(field.column for field in fields)])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    values = [
        [page.pk, *(field.get_db_prep_save(data[field.name], connection) for field in fields)]
        for page, data in rows
    ]
    with connection.cursor() as cursor:
        # Table and column names come from the model; values go as parameters.
        sql = f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        cursor.executemany(sql, values)


def article_batch(
    rng: random.Random, sections: list[SectionPage], start: int, count: int
) -> list[int]:
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    rows = []
    for number in range(start, start + count):
        section = sections[number % len(sections)]
        section.numchild += 1
        published = now - timedelta(minutes=37 * number + rng.randint(0, 30))
        title = f"{rng.choice(SUBJECTS)} plan {rng.choice(VERBS)} {rng.choice(PLACES)} talks, report {number}"
        slug = f"generated-{number}"
        page = Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=Page._get_path(section.path, section.depth + 1, section.numchild),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            locale_id=section.locale_id,
            translation_key=uuid.uuid4(),
        )
        rows.append(
            (
                page,
                {
                    "dek": sentence(rng, 16),
                    "dateline": rng.choice(PLACES),
                    "publication_date": published,
                    "language": "en",
                    "body": article_body(rng),
                    "canonical_url": "",
                    "comments_open": True,
                },
            )
        )
    Page.objects.bulk_create([page for page, _data in rows])
    insert_articles(rows)
    return [page.pk for page, _data in rows]


def link_authors_and_tags(
    rng: random.Random, ids: list[int], authors: list[Author], tags: list[Tag]
) -> None:
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(page_id=pk, author_id=rng.choice(authors).pk, sort_order=0) for pk in ids
    )
    ArticleTag.objects.bulk_create(
        ArticleTag(content_object_id=pk, tag_id=tag.pk) for pk in ids for tag in rng.sample(tags, 3)
    )


def comment_batch(rng: random.Random, article_ids: list[int], start: int, count: int) -> None:
    now = timezone.now()
    comments = []
    for number in range(start, start + count):
        rating = rng.choice([None, 1, 2, 3, 4, 4, 5, 5])
        comments.append(
            Comment(
                article_id=rng.choice(article_ids),
                name=f"Reader {number % 5000}",
                body=sentence(rng, rng.randint(8, 40)),
                rating=rating,
                status=Comment.Status.APPROVED if rng.random() < 0.9 else Comment.Status.PENDING,
                reader_key=f"generated:{number}",
                created_at=now - timedelta(seconds=number),
            )
        )
    Comment.objects.bulk_create(comments)
    Rating.objects.bulk_create(
        [
            Rating(
                article_id=c.article_id, reader_key=c.reader_key, value=c.rating, comment_id=c.pk
            )
            for c in comments
            if c.rating and c.status == Comment.Status.APPROVED
        ],
        ignore_conflicts=True,
    )


def recount_feedback(article_ids: list[int]) -> None:
    """Per-article totals for the generated articles, in two grouped queries."""
    approved = Q(comments__status=Comment.Status.APPROVED)
    comments = (
        ArticlePage.objects.filter(pk__in=article_ids)
        .annotate(
            total=Count("comments", filter=approved),
            threads=Count("comments", filter=approved & Q(comments__parent__isnull=True)),
        )
        .values("pk", "total", "threads")
    )
    stars = {f"stars_{n}": Count("pk", filter=Q(value=n)) for n in range(1, 6)}
    ratings = {
        row["article_id"]: row
        for row in Rating.objects.filter(article_id__in=article_ids)
        .values("article_id")
        .annotate(count=Count("pk"), sum=Sum("value"), **stars)
    }
    feedback = []
    for row in comments:
        rated = ratings.get(row["pk"], {})
        feedback.append(
            ArticleFeedback(
                article_id=row["pk"],
                comment_count=row["total"],
                thread_count=row["threads"],
                rating_count=rated.get("count", 0),
                rating_total=rated.get("sum") or 0,
                rating_average=(rated.get("sum") or 0) / rated["count"]
                if rated.get("count")
                else 0,
                **{f"stars_{n}": rated.get(f"stars_{n}", 0) for n in range(1, 6)},
            )
        )
    ArticleFeedback.objects.filter(article_id__in=article_ids).delete()
    ArticleFeedback.objects.bulk_create(feedback)


def refresh_planner_statistics() -> None:
    """PostgreSQL plans from statistics that still describe the site before the bulk load
    until autovacuum catches up (at 100,000 articles a search took 53 ms instead of 9):
    renew them now. SQLite's plans here do not rely on statistics; it keeps none."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate_content(*, articles: int, comments: int, seed: int = 42) -> GenerateResult:
    """Add `articles` articles across the demo sections and `comments` comments on them."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    load_demo_site()
    authors, tags = supporting_cast(rng)
    sections = list(SectionPage.objects.order_by("path"))
    first = Page.objects.filter(slug__startswith="generated-", depth=sections[0].depth + 1).count()
    article_ids: list[int] = []
    for start in range(first, first + articles, BATCH):
        with transaction.atomic():
            ids = article_batch(rng, sections, start, min(BATCH, first + articles - start))
            link_authors_and_tags(rng, ids, authors, tags)
            index_articles(ids)  # reader search; Wagtail's admin index waits for update_index
            for section in sections:
                Page.objects.filter(pk=section.pk).update(numchild=section.numchild)
        article_ids += ids
    targets = article_ids or list(ArticlePage.objects.values_list("pk", flat=True))
    for start in range(0, comments, BATCH * 5):
        with transaction.atomic():
            comment_batch(
                rng, targets, start + Comment.objects.count(), min(BATCH * 5, comments - start)
            )
    for start in range(0, len(targets), BATCH * 5):
        with transaction.atomic():
            recount_feedback(targets[start : start + BATCH * 5])
    refresh_planner_statistics()
    return GenerateResult(
        articles=len(article_ids), comments=comments, seconds=time.monotonic() - started
    )
