"""Reads of news content, each with its joins chosen once so a page's query count stays flat."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import InvalidPage, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from masthead.core.memo import site_wide
from masthead.images.models import NewsRendition
from masthead.images.renditions import SHAPES
from masthead.news import models

LATEST_ON_FRONT_PAGE = 12
ARTICLES_PER_PAGE = 20
# Later than any publication date; see newest_first().
END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Teaser:
    """An article as a listing shows it, with the section it was filed under."""

    article: "models.ArticlePage"
    section: "models.SectionPage | None"


@dataclass(frozen=True)
class ArticleContext:
    """What an article page shows besides the article's own fields."""

    section: "models.SectionPage | None"
    authors: list["models.Author"]
    tags: list
    related: list[Teaser]
    corrections: list["models.ArticleCorrection"]


@dataclass(frozen=True)
class FrontPage:
    lead: Teaser | None
    latest: list[Teaser]
    section_blocks: list[tuple["models.SectionPage", list[Teaser]]]
    most_discussed: list[Teaser]
    top_rated: list[Teaser]


# The columns a teaser shows or links with; the body and the rest stay in the database.
TEASER_FIELDS = (
    "title",
    "slug",
    "path",
    "depth",
    "url_path",
    "live",
    "locale",
    "content_type",
    "first_published_at",
    "last_published_at",
    "dek",
    "dateline",
    "language",
    "publication_date",
    "featured_image",
)


def bylines() -> Prefetch:
    """An article's authors in byline order, for prefetching."""
    authors = models.ArticleAuthor.objects.select_related("author").order_by("sort_order")
    return Prefetch("article_authors", queryset=authors)


def for_teasers(articles: QuerySet["models.ArticlePage"], *, with_body: bool = False):
    """What a teaser shows (its picture too), with its bylines; whole articles only when
    asked for. The pictures' renditions come in one query for the whole listing."""
    articles = articles.select_related("featured_image").prefetch_related(
        bylines(), teaser_renditions()
    )
    if with_body:
        return articles
    return articles.only(*TEASER_FIELDS)


def teaser_renditions() -> Prefetch:
    """The renditions a teaser's picture uses (the listing's shapes), for prefetching."""
    specs = [*SHAPES["thumb"].all_specs(), *SHAPES["wide"].all_specs()]
    renditions = NewsRendition.objects.filter(filter_spec__in=specs)
    return Prefetch("featured_image__renditions", queryset=renditions)


def articles_for_listing(*, with_body: bool = False) -> QuerySet["models.ArticlePage"]:
    """Live, public articles, newest first, with what a teaser shows already joined."""
    articles = public_articles().order_by("-publication_date", "-pk")
    return for_teasers(articles, with_body=with_body)


def public_articles() -> QuerySet["models.ArticlePage"]:
    """Live articles outside the pages behind a password or a login."""
    return models.ArticlePage.objects.live().exclude(private_q())


def private_q() -> Q:
    """Wagtail's `private_q()` (pages behind a password or a login, and everything under
    them), built from the restricted paths kept in memory instead of a query each time."""
    private = Q(pk__in=[])
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return private


def newest_first(articles: QuerySet["models.ArticlePage"]) -> QuerySet["models.ArticlePage"]:
    """Articles newest first, read along the publication-date index.

    The date condition is always true. Without a condition on the article table, SQLite's
    planner reads every page of the tree and sorts them all (hundreds of milliseconds at
    100,000 articles); with one, it walks the date index from the newest article and stops
    once the listing is full. Use it where most articles match (a section, the site).
    """
    return articles.filter(publication_date__lt=END_OF_TIME).order_by("-publication_date", "-pk")


def live_sections_query() -> QuerySet["models.SectionPage"]:
    """Live sections in tree order, found through the page table's type index.

    Without the type, SQLite walks every page of the tree in path order to find the
    few sections (half a second at 100,000 articles).
    """
    section_type = ContentType.objects.get_for_model(models.SectionPage)
    return models.SectionPage.objects.live().filter(content_type=section_type).order_by("path")


def live_sections_by_path() -> dict[str, "models.SectionPage"]:
    """Every live section by path, in tree order, kept in memory until the site tag moves
    (publishing, unpublishing, moving or deleting a section bumps it): the menu of every
    page and the section of every teaser."""
    return site_wide(
        "live-sections", lambda: {section.path: section for section in live_sections_query()}
    )


def sections_in_menu() -> list["models.SectionPage"]:
    return [section for section in live_sections_by_path().values() if section.show_in_menus]


def teasers(articles) -> list[Teaser]:
    """Pair articles with their sections, read once for all of them."""
    return paired(list(articles), live_sections_by_path())


def paired(articles, sections_by_path: dict[str, "models.SectionPage"]) -> list[Teaser]:
    return [
        Teaser(article, sections_by_path.get(article.path[: -article.steplen]))
        for article in articles
    ]


def front_page(
    home: "models.HomePage",
    *,
    latest_count: int = LATEST_ON_FRONT_PAGE,
    per_section: int = 4,
    ranked_count: int = 5,
) -> FrontPage:
    """Everything the front page lists: lead, latest, each section's newest, two rankings.

    Every list first reads ids from an index (the date index, the feedback totals), then
    one listing query reads all the articles shown, so the front page costs the same
    queries with 1 article or 100,000 and with or without comments.
    """
    articles = public_articles().descendant_of(home)
    newest = newest_first(articles)
    sections = live_sections(home)
    in_menu = [section for section in sections.values() if section.show_in_menus]
    recent = first_ids(newest, latest_count + 1)
    by_section = {
        section.pk: first_ids(newest.child_of(section), per_section) for section in in_menu
    }
    discussed, rated = discussed_ids(articles, ranked_count), rated_ids(articles, ranked_count)
    wanted = {home.lead_article_id, *recent, *discussed, *rated}
    wanted.update(pk for ids in by_section.values() for pk in ids)
    shown = for_teasers(articles).in_bulk([pk for pk in wanted if pk])

    def pick(ids: list[int], limit: int | None = None) -> list[Teaser]:
        return paired([shown[pk] for pk in ids if pk in shown][:limit], sections)

    lead_id = home.lead_article_id if home.lead_article_id in shown else next(iter(recent), None)
    blocks = [(section, pick(by_section[section.pk])) for section in in_menu]
    return FrontPage(
        lead=(pick([lead_id]) or [None])[0],
        latest=pick([pk for pk in recent if pk != lead_id], latest_count),
        section_blocks=[(section, items) for section, items in blocks if items],
        most_discussed=pick(discussed, ranked_count),
        top_rated=pick(rated, ranked_count),
    )


def live_sections(home: "models.HomePage") -> dict[str, "models.SectionPage"]:
    """The live sections under the front page, by path, in menu order."""
    return {
        path: section
        for path, section in live_sections_by_path().items()
        if path.startswith(home.path) and section.depth == home.depth + 1
    }


def first_ids(articles: QuerySet, count: int) -> list[int]:
    return list(articles.values_list("pk", flat=True)[:count])


def live_children_count(section: "models.SectionPage", private: Q) -> int:
    """How many live, public articles a section holds, read from the page-tree index alone.

    The same set as section_page() lists: a section's children are articles, and a page
    row says its type. The path range (not LIKE) and the tree index (migration 0005) let
    the database count index entries without reading a row. `private` is the reader's
    private_q(), read once for the listing and the count.
    """
    steplen, alphabet = models.SectionPage.steplen, models.SectionPage.alphabet
    children = Page.objects.filter(
        content_type=ContentType.objects.get_for_model(models.ArticlePage),
        live=True,
        depth=section.depth + 1,
        path__range=(section.path + alphabet[0] * steplen, section.path + alphabet[-1] * steplen),
    )
    return children.exclude(private).count()


class CountedPaginator(Paginator):
    """A paginator told how to count, when a cheaper query than COUNT(*) of the listing exists."""

    def __init__(self, object_list, per_page: int, *, counter) -> None:
        super().__init__(object_list, per_page)
        self.counter = counter

    @cached_property
    def count(self) -> int:
        return self.counter()


def paginate(
    queryset: QuerySet,
    page_number: str | None,
    *,
    per_page: int = ARTICLES_PER_PAGE,
    counter=None,
) -> PaginatorPage:
    """One page of a listing: page 1 when none is asked for, else that page or a 404.

    A malformed, zero, negative or past-the-end number is a link to nothing: answering it
    with another page (as Paginator.get_page does) gives crawlers endless copies of page 1
    or of the last page, each under its own cache key.
    """
    if counter is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CountedPaginator(queryset, per_page, counter=counter)
    try:
        return paginator.page(1 if page_number is None else page_number)
    except InvalidPage as error:
        raise Http404(_("There is no such page in this listing.")) from error


def section_page(section: "models.SectionPage", page_number: str | None) -> PaginatorPage:
    """One page of a section's articles, counted from the tree index."""
    private = private_q()
    articles = models.ArticlePage.objects.live().exclude(private).child_of(section)
    return paginate(
        newest_first(for_teasers(articles)),
        page_number,
        counter=lambda: live_children_count(section, private),
    )


def child_by_slug(parent: Page, child_model: type[Page], slug: str) -> Page | None:
    return child_model.objects.child_of(parent).filter(slug=slug).first()


def article_section(article: "models.ArticlePage") -> "models.SectionPage | None":
    """The section an article is filed under: the parent routing already read, if it did."""
    parent = getattr(article, "_cached_parent_obj", None)  # set by models.route_through()
    if isinstance(parent, models.SectionPage):
        return parent
    return models.SectionPage.objects.filter(path=article.path[: -article.steplen]).first()


def article_context(article: "models.ArticlePage") -> ArticleContext:
    """The article's section, bylines, tags, related articles and corrections.

    Bylines and tags go through the article's own relations, which a preview fills
    from the edited revision rather than the database.
    """
    tags = list(article.tags.all())
    return ArticleContext(
        section=article_section(article),
        authors=[link.author for link in article.article_authors.select_related("author")],
        tags=tags,
        related=related_articles(article, tags),
        corrections=article_corrections(article),
    )


def tag_articles(tag: Tag) -> QuerySet["models.ArticlePage"]:
    """By the tag's id, not its slug: PostgreSQL then plans with what it knows of that tag
    (a rare tag's few links through their index), where a join on the slug made it
    assume an average tag and walk every article by date (170 ms at 100,000 articles)."""
    return articles_for_listing().filter(tagged_items__tag_id=tag.pk)


def author_articles(author: "models.Author") -> QuerySet["models.ArticlePage"]:
    return articles_for_listing().filter(article_authors__author=author)


def month_articles(year: int, month: int) -> QuerySet["models.ArticlePage"]:
    return articles_for_listing().filter(publication_date__year=year, publication_date__month=month)


def archive_months() -> list:
    """The months that have articles, newest first, for the archive index."""
    return list(public_articles().dates("publication_date", "month", order="DESC"))


def related_articles(article: "models.ArticlePage", tags, *, limit: int = 4) -> list[Teaser]:
    """Articles sharing the most tags with this one, then the newest of its section.

    `tags` are the article's own, already read for the page. Both candidate lists come
    from indexes (tag links, publication date), so the cost does not grow with the
    archive; one listing query then reads the live, public ones among the candidates.
    """
    candidates = list(dict.fromkeys(sharing_tags(article, tags, limit * 3)))
    candidates += [pk for pk in same_section_ids(article, limit) if pk not in candidates]
    # The article itself is asked for too, so every query runs even with no candidates
    # and the page's query count does not depend on the archive.
    rows = for_teasers(public_articles()).in_bulk([article.pk, *candidates])
    shown = [rows[pk] for pk in candidates if pk in rows][:limit]
    return paired(shown, live_sections_by_path())


def sharing_tags(article: "models.ArticlePage", tags, count: int) -> list[int]:
    """Ids of the articles sharing the most of `tags`, newest first among equals."""
    # COUNT(*), not COUNT(id): SQLite then counts the tag-link index entries alone.
    sharing = (
        models.ArticleTag.objects.filter(tag_id__in=[tag.pk for tag in tags])
        .exclude(content_object_id=article.pk)
        .values("content_object_id")
        .annotate(shared=Count("*"))
        .order_by("-shared", "-content_object_id")
    )
    return [row["content_object_id"] for row in sharing[:count]]


def same_section_ids(article: "models.ArticlePage", count: int) -> list[int]:
    same_section = newest_first(
        models.ArticlePage.objects.live()
        .filter(path__startswith=article.path[: -article.steplen], depth=article.depth)
        .exclude(pk=article.pk)
    )
    return first_ids(same_section, count)


MIN_RATINGS_FOR_TOP = 3


def discussed_ids(articles: QuerySet, count: int) -> list[int]:
    """The listed articles with the most approved comments, read down the indexed totals.

    Whether an article is listed is checked row by row (EXISTS), so the walk stops after
    `count` of them however many unpublished articles rank above.
    """
    from masthead.comments.models import ArticleFeedback

    ranked = ArticleFeedback.objects.filter(
        Exists(articles.filter(pk=OuterRef("article_id"))), comment_count__gt=0
    ).order_by("-comment_count", "-article_id")
    return list(ranked.values_list("article_id", flat=True)[:count])


def rated_ids(articles: QuerySet, count: int) -> list[int]:
    """The best average ratings among listed articles rated often enough to mean something."""
    from masthead.comments.models import ArticleFeedback

    ranked = ArticleFeedback.objects.filter(
        Exists(articles.filter(pk=OuterRef("article_id"))),
        rating_count__gte=MIN_RATINGS_FOR_TOP,
    ).order_by("-rating_average", "-rating_count", "-article_id")
    return list(ranked.values_list("article_id", flat=True)[:count])


def article_corrections(article: "models.ArticlePage") -> list["models.ArticleCorrection"]:
    """Corrections and updates, oldest first, so the last one is the article's update time."""
    return sorted(article.corrections.all(), key=lambda note: note.published_at)


def view_restrictions(page: Page) -> QuerySet[PageViewRestriction]:
    """What Wagtail's `get_view_restrictions()` returns, without its two queries for a page
    outside every restricted subtree (nearly all of them). Aliases resolve to their
    source pages' restrictions, so they take Wagtail's way.
    """
    if page.alias_of_id is None and not page.path.startswith(restricted_paths()):
        return PageViewRestriction.objects.none()
    return Page.get_view_restrictions(page)


def restricted_paths() -> tuple[str, ...]:
    """Pages behind a password or a login (everything under them too), kept in memory
    until a restriction changes (which bumps the page cache's `site` tag)."""
    return site_wide(
        "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
