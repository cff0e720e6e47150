"""Writing imported articles: one transaction per item, found again by its source key."""

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from wagtail.contrib.redirects.models import Redirect

from masthead.comments.models import Comment, Rating
from masthead.comments.services import feedback_refresh
from masthead.editorial.checks import draft_from_stream, run_checks
from masthead.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage
from masthead.news.search.index import index_articles
from masthead.news.search.signals import indexing_deferred
from masthead.pagecache.invalidation import site_changed

from .batch import (
    BATCH_SIZE,
    FINISH_CHUNK,
    TRUSTED_FIELDS,
    Batch,
    BatchWriteFailed,
    Lookups,
    Prepared,
    batched,
    comment_reader_key,
    comment_row,
    forgotten_on_failure,
    place_in_tree,
    references_update,
    set_status,
    write_batch,
)
from .body import stream_data
from .errors import ImportError_, MalformedExport
from .media import MediaSource, image_for, local_file
from .models import ImportedItem
from .records import AuthorRecord, CommentRecord, ItemRecord, Piece
from .report import ItemOutcome, Report
from .sources import ZipLimits, opened

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    zip_limits: ZipLimits = ZipLimits()
    skip_existing: bool = False
    publish: bool = False
    section_map: dict[str, str] = field(default_factory=dict)
    media_dir: Path | None = None
    fetch_media: bool = False


class DryRunRollback(Exception):
    """Raised at the end of a dry run's item, so its transaction writes nothing."""


def import_path(path: Path, *, options: ImportOptions, progress: Progress | None = None) -> Report:
    """Import every article in a file, folder or zip, and say what happened to each.

    A file that cannot be read at all (malformed, unsafe, of no known format) is refused
    before anything is written: the report carries the error and the database is unchanged.
    """
    report = Report(source=str(path), dry_run=options.dry_run)
    try:
        with opened(path, options.zip_limits) as records:
            import_records(records, options=options, report=report, progress=progress)
    except ImportError_ as error:
        report.error = str(error)
    return report


def import_records(
    records: Iterable[ItemRecord | ImportError_],
    *,
    options: ImportOptions,
    report: Report,
    progress: Progress | None,
) -> None:
    media = MediaSource(folder=options.media_dir, fetch=options.fetch_media)
    home = HomePage.objects.first()
    if home is None:
        raise MalformedExport("the site has no front page yet: create it first")
    created: list[int] = []
    lookups = Lookups()
    # Reader search is brought up to date once, for every article written, at the end.
    with indexing_deferred():
        for chunk in batched(records, BATCH_SIZE):
            for outcome in chunk_outcomes(
                chunk, options=options, media=media, home=home, lookups=lookups
            ):
                report.add(outcome)
                if outcome.outcome == "created" and outcome.page_id:
                    created.append(outcome.page_id)
            if progress:
                progress(len(report.items))
        if created:
            imported_finish(created)


def chunk_outcomes(
    chunk: tuple[ItemRecord | ImportError_, ...],
    *,
    options: ImportOptions,
    media: MediaSource,
    home,
    lookups: Lookups,
) -> list[ItemOutcome]:
    """What happened to each item of a chunk, in its order.

    New articles go through the batch writer together; updates, scheduled articles and a
    source key met twice go one at a time, as do all of a batch whose bulk write failed.
    """
    outcomes: list[ItemOutcome | None] = [None] * len(chunk)
    known = known_items([record for record in chunk if isinstance(record, ItemRecord)])
    fresh, single, seen = [], [], set()
    for index, record in enumerate(chunk):
        if isinstance(record, ImportError_):
            outcomes[index] = ItemOutcome(record.place, "", "", "failed", reason=record.message)
            continue
        key = (record.source_kind, record.source_key)
        outcomes[index] = known_outcome(record, known.get(key), options)
        if outcomes[index] is None:
            scheduled = options.publish and record.status == "future"
            (single if key in known or key in seen or scheduled else fresh).append(index)
            seen.add(key)
    written = batch_outcomes(
        [chunk[i] for i in fresh], options=options, media=media, home=home, lookups=lookups
    )
    if written is None:
        single = sorted(single + fresh)
    else:
        for index, outcome in zip(fresh, written, strict=True):
            outcomes[index] = outcome
    for index in single:
        outcomes[index] = import_item(chunk[index], options=options, media=media, home=home)
    return outcomes


def known_items(records: list[ItemRecord]) -> dict[tuple[str, str], ImportedItem]:
    """The chunk's items imported before, in one query."""
    found = ImportedItem.objects.filter(
        source_kind__in={r.source_kind for r in records},
        source_key__in={r.source_key for r in records},
    ).only("source_kind", "source_key", "fingerprint", "page_id")
    return {(item.source_kind, item.source_key): item for item in found}


def known_outcome(
    record: ItemRecord, known: ImportedItem | None, options: ImportOptions
) -> ItemOutcome | None:
    """Skipped or unchanged for an item imported before and left as it is; else None."""
    if known and (options.skip_existing or known.fingerprint == fingerprint(record, options)):
        outcome = "skipped" if options.skip_existing else "unchanged"
        return ItemOutcome(
            record.place, record.source_key, record.title, outcome, page_id=known.page_id
        )
    return None


def batch_outcomes(
    records: list[ItemRecord],
    *,
    options: ImportOptions,
    media: MediaSource,
    home,
    lookups: Lookups,
) -> list[ItemOutcome] | None:
    """New articles written together; None when the bulk write failed and nothing stayed."""
    if not records:
        return []
    batch = Batch(lookups)
    results: list[Prepared | ItemOutcome] = []
    try:
        with transaction.atomic(), forgotten_on_failure(media.found, *lookups.caches()):
            for record in records:
                results.append(
                    item_prepare(record, options=options, media=media, home=home, batch=batch)
                )
            items = [result for result in results if isinstance(result, Prepared)]
            write_batch(items, now=batch.now)
            for item in items:
                item_created(item)
            if options.dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    except BatchWriteFailed as error:
        logger.warning("A batch of %d articles goes one by one: %s", len(records), error)
        return None
    return [result.outcome if isinstance(result, Prepared) else result for result in results]


def item_created(item: Prepared) -> None:
    outcome = item.outcome
    outcome.outcome, outcome.page_id = "created", (None if item.dry_run else item.page.pk)
    outcome.findings = [finding.message for finding in article_findings(item.page)]


def item_prepare(
    record: ItemRecord, *, options: ImportOptions, media: MediaSource, home, batch: Batch
) -> Prepared | ItemOutcome:
    """A new article filled and validated in a savepoint, which undoes what it created
    (a section, an image) if the article fails."""
    outcome = ItemOutcome(record.place, record.source_key, record.title, "failed")
    try:
        with transaction.atomic(), forgotten_on_failure(media.found, *batch.lookups.caches()):
            check_limits(record)
            sections = batch.lookups.sections
            if record.section not in sections:
                sections[record.section] = section_for(record.section, options.section_map, home)
            section = sections[record.section]
            page = ArticlePage(title=record.title)
            article_fill(
                page,
                record,
                media=media,
                outcome=outcome,
                dry_run=options.dry_run,
                lookups=batch.lookups,
            )
            place_in_tree(page, section, batch, record.slug or record.title)
            set_status(page, options.publish and record.status == "publish", batch.now)
            page.full_clean(exclude=TRUSTED_FIELDS, validate_unique=False)
    except ValidationError as error:
        outcome.reason = validation_message(error)
        return outcome
    except (ImportError_, DatabaseError, ValueError) as error:
        outcome.reason = str(error)
        return outcome
    return Prepared(record, outcome, page, section, fingerprint(record, options), options.dry_run)


def imported_finish(page_ids: list[int]) -> None:
    """What the batch writer left for the end, once: search and the reference index (a
    thousand articles at a time, so memory stays bounded), then the page cache."""
    for start in range(0, len(page_ids), FINISH_CHUNK):
        ids = page_ids[start : start + FINISH_CHUNK]
        index_articles(ids)
        references_update.enqueue(ids)
    site_changed()


def import_item(
    record: ItemRecord, *, options: ImportOptions, media: MediaSource, home
) -> ItemOutcome:
    """One article in its own transaction: written whole, or not at all and reported."""
    outcome = ItemOutcome(record.place, record.source_key, record.title, "failed")
    try:
        with transaction.atomic():
            item_write(record, options=options, media=media, home=home, outcome=outcome)
            if options.dry_run:
                raise DryRunRollback
    except DryRunRollback:
        outcome.page_id = None
    except ValidationError as error:
        outcome.outcome, outcome.reason = "failed", validation_message(error)
    except (ImportError_, DatabaseError, ValueError) as error:
        outcome.outcome, outcome.reason = "failed", str(error)
    return outcome


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def fingerprint(record: ItemRecord, options: ImportOptions) -> str:
    values = asdict(record)
    values.pop("place")
    values.pop("media_root")  # a temporary folder, different on every run
    values["publish"] = options.publish
    return hashlib.sha256(json.dumps(values, default=str, sort_keys=True).encode()).hexdigest()


def item_write(
    record: ItemRecord, *, options: ImportOptions, media: MediaSource, home, outcome: ItemOutcome
) -> None:
    known = ImportedItem.objects.filter(
        source_kind=record.source_kind, source_key=record.source_key
    ).first()
    digest = fingerprint(record, options)
    if known and (options.skip_existing or known.fingerprint == digest):
        outcome.outcome = "skipped" if options.skip_existing else "unchanged"
        outcome.page_id = known.page_id
        return
    check_limits(record)
    section = section_for(record.section, options.section_map, home)
    page = known.page.specific if known else ArticlePage(title=record.title)
    article_fill(page, record, media=media, outcome=outcome, dry_run=options.dry_run)
    article_save(page, record, section=section, options=options)
    comments_write(page, record)
    redirect_write(record.old_path, page)
    ImportedItem.objects.update_or_create(
        source_kind=record.source_kind,
        source_key=record.source_key,
        defaults={"page": page, "fingerprint": digest},
    )
    outcome.outcome, outcome.page_id = ("updated" if known else "created"), page.pk
    outcome.findings = [finding.message for finding in article_findings(page)]


LIMITS = {"title": 255, "dek": 400}


def check_limits(record: ItemRecord) -> None:
    """Fields longer than the article's columns allow are refused, naming the field."""
    for name, limit in LIMITS.items():
        length = len(getattr(record, name))
        if length > limit:
            raise ValidationError({name: f"{length} characters, over the limit of {limit}"})


def section_for(name: str, section_map: dict[str, str], home) -> SectionPage:
    """The section an item is filed under: mapped, found by name or slug, or created live."""
    name = section_map.get(name, name) or "Imported"
    slug = slugify(name)[:255] or "imported"
    sections = SectionPage.objects.child_of(home)
    found = sections.filter(title__iexact=name).first() or sections.filter(slug=slug).first()
    if found:
        return found
    section = SectionPage(title=name[:255], slug=slug)
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


def article_fill(
    page: ArticlePage,
    record: ItemRecord,
    *,
    media: MediaSource,
    outcome: ItemOutcome,
    dry_run: bool,
    lookups: Lookups | None = None,
) -> None:
    """The article's fields and relations, in memory; tags, authors and images are stored.

    `lookups` keeps the tags and authors found for earlier items of the same import.
    """
    lookups = lookups or Lookups()
    if record.media_root:
        media = dataclasses.replace(media, folder=Path(record.media_root))

    def image(piece: Piece):
        found = stored_or_seen(piece, media, dry_run)
        if found is None:
            outcome.warnings.append(missing_image("image", piece.src, media))
        return found if found is not True else None

    page.title = record.title
    page.dek = record.dek
    page.publication_date = record.published_at
    page.body = stream_data(record.pieces, image)
    page.featured_image = featured_image(record, media, outcome, dry_run)
    page.tags.set([lookups.tag(page, name) for name in record.tags])
    page.article_authors = [
        ArticleAuthor(author=lookups.author(author, author_for)) for author in record.authors
    ]


def missing_image(what: str, src: str, media: MediaSource) -> str:
    """Why an image was left out: not in the media folder, or refused or failed a fetch."""
    if src in media.refused:
        return f"{what} not imported: {src}: {media.refused[src]}"
    return f"{what} not found in the media folder: {src}"


def stored_or_seen(piece: Piece, media: MediaSource, dry_run: bool):
    """The stored image; in a dry run only True when its file is there (nothing is stored)."""
    if dry_run:
        return True if media.folder and local_file(piece.src, media.folder) else None
    return image_for(
        piece.src, alt=piece.alt, media=media, caption=piece.caption, credit=piece.credit
    )


def featured_image(record: ItemRecord, media: MediaSource, outcome: ItemOutcome, dry_run: bool):
    if not record.featured_image or dry_run:
        return None
    image = image_for(record.featured_image, alt=record.featured_alt, media=media)
    if image is None:
        outcome.warnings.append(missing_image("featured image", record.featured_image, media))
    elif not image.alt_text:
        outcome.warnings.append("the featured image has no alt text: left off until it has one")
        return None
    return image


def author_for(record: AuthorRecord) -> Author:
    slug = (record.slug or slugify(record.name) or slugify(record.key))[:120] or "author"
    author, _ = Author.objects.get_or_create(
        slug=slug, defaults={"name": record.name or record.key, "bio": record.bio}
    )
    return author


def free_slug(section: SectionPage, wanted: str, page: ArticlePage) -> str:
    base = slugify(wanted)[:240] or "article"
    siblings = section.get_children().exclude(pk=page.pk) if page.pk else section.get_children()
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def article_save(
    page: ArticlePage, record: ItemRecord, *, section: SectionPage, options: ImportOptions
) -> None:
    """Drafts by default; with --publish each item keeps its source's status and dates."""
    if page.pk is None:
        page.slug = free_slug(section, record.slug or record.title, page)
        page.live = False
        section.add_child(instance=page)
    elif not page.live:
        page.save()
    revision = page.save_revision()
    if options.publish and record.status in ("publish", "future"):
        if record.status == "future":
            page.go_live_at = record.published_at
            revision = page.save_revision(approved_go_live_at=record.published_at)
        revision.publish()


def comments_write(page: ArticlePage, record: ItemRecord) -> None:
    """Comments with their dates and statuses, and ratings; those already imported are kept."""
    if not record.comments:
        return
    known = set(Comment.objects.filter(article=page).values_list("reader_key", flat=True))
    known |= set(Rating.objects.filter(article=page).values_list("reader_key", flat=True))
    by_key: dict[str, Comment] = {}
    for comment in record.comments:
        reader_key = comment_reader_key(record, comment)
        if reader_key not in known:
            comment_write(page, comment, reader_key, by_key)
    feedback_refresh([page.pk])


def comment_write(
    page: ArticlePage, comment: CommentRecord, reader_key: str, by_key: dict[str, Comment]
) -> None:
    approved = comment.status == "approved"
    if comment.kind == "rating":
        if comment.rating:
            Rating.objects.create(article=page, reader_key=reader_key, value=comment.rating)
        return
    stored = comment_row(page.pk, comment, reader_key, by_key.get(comment.parent_key))
    stored.save()
    if comment.created_at:
        Comment.objects.filter(pk=stored.pk).update(created_at=comment.created_at)
    by_key[comment.key] = stored
    if approved and comment.rating:
        Rating.objects.create(
            article=page, reader_key=reader_key, value=comment.rating, comment=stored
        )


def redirect_write(old_path: str, page: ArticlePage) -> None:
    """A permanent redirect from the source's address to the article."""
    path = Redirect.normalise_path(old_path) if old_path else ""
    if path and path != "/" and path != Redirect.normalise_path(page.url or ""):
        Redirect.objects.update_or_create(
            old_path=path,
            site=None,
            defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
        )


def article_findings(page: ArticlePage):
    return run_checks(draft_from_stream(page.title, page.dek, page.body, page.featured_image))
