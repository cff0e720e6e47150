"""The import's fast path: new articles written a batch at a time, in a few queries each.

Going through Wagtail's `add_child()`, `save_revision()` and `publish()` costs about 255
queries an article, with a search reindex and a cache purge every time. New articles
need none of that one by one, so a batch of them is written here with bulk inserts:
the page rows (their tree paths worked out here, as treebeard would), one revision each
(the live one for a published article), the history entries, bylines, tags, comments,
ratings, the discussion totals, redirects and the import keys. Search, the reference
index and the page cache are brought up to date once, at the end of the import.

Each article is still all or nothing: it is read, filled and validated in a savepoint
of its own (a failure is reported and undoes what it created, a section or an image),
and if a bulk write of the batch then fails, the whole batch is rolled back and its
articles go through the one-at-a-time path (services.import_item), each in its own
transaction, so one bad article cannot take the others with it.
"""

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from django_tasks import task

from masthead.comments.models import ArticleFeedback, Comment, Rating
from masthead.news.models import ArticleAuthor, ArticlePage, ArticleTag, Author, SectionPage

from .errors import ImportError_
from .models import ImportedItem
from .records import AuthorRecord, CommentRecord, ItemRecord
from .report import ItemOutcome

BATCH_SIZE = 100
# Articles indexed for search (and their references) at a time, at the end of an import.
FINISH_CHUNK = 1000


def batched(items: Iterable, size: int) -> Iterator[tuple]:
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


@dataclass
class Prepared:
    """A new article filled and validated in memory, waiting for its batch's insert."""

    record: ItemRecord
    outcome: ItemOutcome
    page: ArticlePage
    section: SectionPage
    digest: str
    dry_run: bool = False


@dataclass
class Lookups:
    """Sections, tags and authors met earlier in the import, so each is read once."""

    sections: dict[str, SectionPage] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)

    def caches(self) -> tuple[dict, ...]:
        return (self.sections, self.tags, self.authors)

    def tag(self, page: ArticlePage, name: str) -> Tag:
        if name not in self.tags:
            # taggit's own lookup: case-insensitive when TAGGIT_CASE_INSENSITIVE is set.
            (self.tags[name],) = page.tags._to_tag_model_instances([name], {})
        return self.tags[name]

    def author(self, record: AuthorRecord, find: Callable[[AuthorRecord], Author]) -> Author:
        key = f"{record.slug}|{record.name}|{record.key}"
        if key not in self.authors:
            self.authors[key] = find(record)
        return self.authors[key]


@dataclass
class Batch:
    """What a batch of new articles shares: their sections' next places and taken slugs."""

    lookups: Lookups
    now: datetime = field(default_factory=timezone.now)
    next_step: dict[int, int] = field(default_factory=dict)
    slugs: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    items: list[Prepared] = field(default_factory=list)


class BatchWriteFailed(Exception):
    """A bulk write of the batch failed: the batch is rolled back and retried item by item."""


@contextmanager
def forgotten_on_failure(*caches: dict) -> Iterator[None]:
    """Entries added to these caches are dropped again when the block fails (rolled back)."""
    before = [set(cache) for cache in caches]
    try:
        yield
    except BaseException:
        for cache, keys in zip(caches, before, strict=True):
            for key in set(cache) - keys:
                del cache[key]
        raise


# Set here from rows just read (the section's locale, the page type), not from the source:
# full_clean() need not query for each of them again.
TRUSTED_FIELDS = ["content_type", "locale", "latest_revision", "live_revision"]


def place_in_tree(page: ArticlePage, section: SectionPage, batch: Batch, wanted: str) -> None:
    """The page's slug, tree path, depth and URL path under its section, as add_child sets."""
    if section.pk not in batch.next_step:
        last = (
            Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        batch.next_step[section.pk] = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    step = batch.next_step[section.pk]
    batch.next_step[section.pk] = step + 1
    page.path = Page._get_path(section.path, section.depth + 1, step)
    page.depth, page.numchild = section.depth + 1, 0
    page.slug = free_slug(section, wanted, batch.slugs[section.pk])
    page.url_path = f"{section.url_path}{page.slug}/"
    page.locale_id = section.locale_id
    page._cached_parent_obj = section
    # A new page has no editor's comments and no corrections: saying so in memory spares
    # serializable_data() (its revision) a query for each.
    page.wagtail_admin_comments = []
    page.corrections = []


def free_slug(section: SectionPage, wanted: str, assigned: set[str]) -> str:
    """The wanted slug, or it numbered, free among the section's pages and the batch's."""
    base = slugify(wanted)[:240] or "article"
    siblings = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
    if base not in assigned and not siblings.filter(slug=base).exists():
        assigned.add(base)
        return base
    taken = assigned | set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    assigned.add(f"{base}-{number}")
    return f"{base}-{number}"


def set_status(page: ArticlePage, live: bool, now) -> None:
    """Published now, as publish() leaves it, or a draft with unpublished changes."""
    page.live, page.has_unpublished_changes = live, not live
    page.draft_title = page.title
    page.latest_revision_created_at = now
    if live:
        page.first_published_at = page.last_published_at = now
        # The editorial rule for an article published without a date of its own.
        page.publication_date = page.publication_date or now


def write_batch(items: list[Prepared], *, now) -> None:
    """Insert the prepared articles and everything that hangs off them."""
    try:
        pages_insert(items, now)
        bylines_and_tags_insert(items)
        comments_insert(items, now)
        redirects_write(items)
        keys_insert(items)
    except (DatabaseError, ValueError, ValidationError, ImportError_) as error:
        raise BatchWriteFailed(str(error)) from error


def pages_insert(items: list[Prepared], now) -> None:
    pages = [item.page for item in items]
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    # Django's bulk_create refuses a model with a parent table; the parent row is in.
    fields = ArticlePage._meta.local_concrete_fields
    ArticlePage._base_manager.all()._batched_insert(pages, fields, batch_size=None)
    revisions_insert(pages, now)
    added = defaultdict(int)
    for item in items:
        added[item.section.pk] += 1
    for section_id, count in added.items():
        Page.objects.filter(pk=section_id).update(numchild=F("numchild") + count)


def revisions_insert(pages: list[ArticlePage], now) -> None:
    """One revision a page, the live one when published, and the page's history entries."""
    page_type = ContentType.objects.get_for_model(ArticlePage)
    base_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=page_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            content=page.serializable_data(),
            object_str=page.title,
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if page.live else None
    revision_pointers([page.pk for page in pages], base_type)
    PageLogEntry.objects.bulk_create(history(pages, revisions, page_type, now))


def revision_pointers(page_ids: list[int], base_type: ContentType) -> None:
    """Each page's latest (and, if live, live) revision, set in two statements: each page
    has the one revision just written (bulk_update's CASE per row cost more than the rest
    of the batch's writes)."""
    own = Revision.objects.filter(
        base_content_type=base_type, object_id=Cast(OuterRef("pk"), CharField())
    ).values("pk")[:1]
    pages = Page.objects.filter(pk__in=page_ids)
    pages.update(latest_revision_id=Subquery(own))
    pages.filter(live=True).update(live_revision_id=Subquery(own))


def history(pages, revisions, page_type, now) -> Iterator[PageLogEntry]:
    for page, revision in zip(pages, revisions, strict=True):
        actions = ["wagtail.create", "wagtail.publish"] if page.live else ["wagtail.create"]
        for action in actions:
            yield PageLogEntry(
                content_type=page_type,
                label=page.title,
                action=action,
                timestamp=now,
                page_id=page.pk,
                revision=revision if action == "wagtail.publish" else None,
                content_changed=True,
            )


def bylines_and_tags_insert(items: list[Prepared]) -> None:
    """What article_fill() put in the page's in-memory relations, written in two inserts."""
    bylines, tagged = [], []
    for item in items:
        page = item.page
        for order, byline in enumerate(page.article_authors.all()):
            bylines.append(ArticleAuthor(page_id=page.pk, author=byline.author, sort_order=order))
        tagged += [ArticleTag(content_object_id=page.pk, tag=tag) for tag in page.tags.all()]
    ArticleAuthor.objects.bulk_create(bylines)
    ArticleTag.objects.bulk_create(tagged)


def comment_reader_key(record: ItemRecord, comment) -> str:
    """The stored comment's key: a re-import finds the comments it wrote before by it."""
    return hashlib.sha256(
        f"import:{record.source_kind}:{record.source_key}:{comment.key}".encode()
    ).hexdigest()


def comments_insert(items: list[Prepared], now: datetime) -> None:
    """Comments level by level (replies after what they answer), their dates, ratings, totals."""
    levels: dict[int, list[tuple[Prepared, CommentRecord]]] = defaultdict(list)
    for item in items:
        for comment, level in comment_levels(item.record.comments):
            levels[level].append((item, comment))
    stored: dict[tuple[int, str], Comment] = {}
    ratings: list[Rating] = []
    for level in sorted(levels):
        ratings += comments_level(levels[level], stored, now)
    Rating.objects.bulk_create(ratings)
    feedback_insert([item.page.pk for item in items if item.record.comments])


def comment_levels(comments: list[CommentRecord]) -> Iterator[tuple[CommentRecord, int]]:
    """Each comment with how deep it sits: 0 for a comment answering the article."""
    by_key = {comment.key: comment for comment in comments}
    for comment in comments:
        level, parent, seen = 0, by_key.get(comment.parent_key), {comment.key}
        while parent is not None and parent.key not in seen:
            level, seen = level + 1, seen | {parent.key}
            parent = by_key.get(parent.parent_key)
        yield comment, level


def inserted_as_given(model, objs: list) -> None:
    """bulk_create(), with the values given inserted as they are: an imported comment keeps
    its date, where auto_now_add would put the time of the insert."""
    opts = model._meta
    fields = [column for column in opts.concrete_fields if not column.primary_key]
    queryset = model._base_manager.using(DEFAULT_DB_ALIAS)
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        rows = queryset._insert(chunk, fields, returning_fields=opts.db_returning_fields, raw=True)
        for obj, row in zip(chunk, rows, strict=True):
            for value, column in zip(row, opts.db_returning_fields, strict=True):
                setattr(obj, column.attname, value)
            obj._state.adding, obj._state.db = False, DEFAULT_DB_ALIAS


def comment_row(
    article_id: int, comment: CommentRecord, reader_key: str, parent: Comment | None
) -> Comment:
    """An imported comment as a row, not yet saved, its date still to be set."""
    return Comment(
        article_id=article_id,
        parent=parent,
        name=comment.name,
        email=comment.email,
        body=comment.body,
        rating=comment.rating,
        status=comment.status,
        reader_key=reader_key,
    )


def comments_level(
    pairs: list[tuple[Prepared, CommentRecord]], stored: dict, now: datetime
) -> list[Rating]:
    rows, ratings = [], []
    for item, comment in pairs:
        article_id, reader_key = item.page.pk, comment_reader_key(item.record, comment)
        if comment.kind == "rating":
            if comment.rating:
                ratings.append(
                    Rating(article_id=article_id, reader_key=reader_key, value=comment.rating)
                )
            continue
        row = comment_row(
            article_id, comment, reader_key, stored.get((article_id, comment.parent_key))
        )
        rows.append((comment, row))
    for comment, row in rows:
        row.created_at = comment.created_at or now
    inserted_as_given(Comment, [row for _, row in rows])
    for comment, row in rows:
        stored[(row.article_id, comment.key)] = row
        if comment.status == "approved" and comment.rating:
            ratings.append(
                Rating(
                    article_id=row.article_id,
                    reader_key=row.reader_key,
                    value=comment.rating,
                    comment=row,
                )
            )
    return ratings


def feedback_insert(article_ids: list[int]) -> None:
    """The discussion totals of new articles, counted as comments.services counts them."""
    if not article_ids:
        return
    approved = Comment.objects.filter(article_id__in=article_ids, status=Comment.Status.APPROVED)
    comments = {
        row["article_id"]: row
        for row in approved.values("article_id").annotate(
            total=Count("pk"), threads=Count("pk", filter=Q(parent__isnull=True))
        )
    }
    ratings = {
        row["article_id"]: row
        for row in Rating.objects.filter(article_id__in=article_ids)
        .values("article_id")
        .annotate(
            count=Count("pk"),
            total=Sum("value"),
            **{f"stars_{n}": Count("pk", filter=Q(value=n)) for n in range(1, 6)},
        )
    }
    ArticleFeedback.objects.bulk_create(
        feedback_row(article_id, comments.get(article_id, {}), ratings.get(article_id, {}))
        for article_id in article_ids
    )


def feedback_row(article_id: int, comments: dict, ratings: dict) -> ArticleFeedback:
    count, total = ratings.get("count", 0), ratings.get("total") or 0
    return ArticleFeedback(
        article_id=article_id,
        comment_count=comments.get("total", 0),
        thread_count=comments.get("threads", 0),
        rating_count=count,
        rating_total=total,
        rating_average=total / count if count else 0,
        **{f"stars_{n}": ratings.get(f"stars_{n}", 0) for n in range(1, 6)},
    )


def redirects_write(items: list[Prepared]) -> None:
    """A permanent redirect from each source address, as services.redirect_write() makes."""
    targets = {}
    for item in items:
        path = redirect_path(item.record.old_path, item.page)
        if path:
            targets[path] = item.page
    existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=targets)}
    for path, redirect in existing.items():
        redirect.redirect_page, redirect.redirect_link = targets.pop(path), ""
        redirect.is_permanent = True
    Redirect.objects.bulk_update(
        existing.values(), ["redirect_page", "redirect_link", "is_permanent"]
    )
    Redirect.objects.bulk_create(
        Redirect(old_path=path, site=None, redirect_page=page, is_permanent=True)
        for path, page in targets.items()
    )


def redirect_path(old_path: str, page) -> str:
    """The source path normalised as Wagtail matches it; none for "/" or the page's own."""
    path = Redirect.normalise_path(old_path) if old_path else ""
    if path and path != "/" and path != Redirect.normalise_path(page.url or ""):
        return path
    return ""


def keys_insert(items: list[Prepared]) -> None:
    ImportedItem.objects.bulk_create(
        ImportedItem(
            source_kind=item.record.source_kind,
            source_key=item.record.source_key,
            page_id=item.page.pk,
            fingerprint=item.digest,
        )
        for item in items
    )


@task()
def references_update(page_ids: list[int]) -> None:
    """Wagtail's reference index ("usage" of images and authors) for the imported articles,
    which the batch writer's inserts did not tell it about."""
    for page in ArticlePage.objects.filter(pk__in=page_ids):
        ReferenceIndex.create_or_update_for_object(page)
