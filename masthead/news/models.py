"""The news: front page, sections, articles, authors, tags and corrections.

The pages import their reads (selectors.py) when they route and render, not when this
module loads: the reads query these models, and the models load first.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from masthead.editorial.forms import ArticleForm
from masthead.editorial.panels import EditorialChecksPanel
from masthead.pagecache import dependencies
from masthead.pagecache.dependencies import depends_on

from .blocks import ArticleBodyBlock
from .outline import OutlineEntry, assign_heading_anchors, table_of_contents
from .search.models import ArticleSearchText  # noqa: F401 - registered with this app


def route_through(parent: Page, child_model: type[Page], request, path_components: list[str]):
    """Route to a child of the type this page holds, read in one query.

    Wagtail reads the child as a plain page, then again as its own type; reading it as
    that type at once saves a query per level of the URL. Any other child (or none)
    goes through Wagtail's routing unchanged.
    """
    from . import selectors

    if path_components:
        child = selectors.child_by_slug(parent, child_model, path_components[0])
        if child is not None:
            child._cached_parent_obj = parent
            return child.route(request, path_components[1:])
    return Page.route(parent, request, path_components)


class ReaderPage(Page):
    """What the news pages share: view restrictions checked from memory when serving."""

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        from . import selectors

        return selectors.view_restrictions(self)


class HomePage(ReaderPage):
    """The front page: a lead story and the latest articles."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead article"),
        help_text=_("Shown first and largest. Empty: the most recent article leads."),
    )

    content_panels = [*Page.content_panels, FieldPanel("lead_article")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("front page")

    def route(self, request, path_components):
        return route_through(self, SectionPage, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        depends_on(
            request, dependencies.page(self.pk), dependencies.ARTICLES, dependencies.RANKINGS
        )
        context["front_page"] = front_page = selectors.front_page(self)
        context["section_blocks"] = front_page.section_blocks
        context["most_discussed"] = front_page.most_discussed
        context["top_rated"] = front_page.top_rated
        return context


class SectionPage(ReaderPage):
    """A desk of the newsroom (World, Economy, …) and the articles filed under it."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    def route(self, request, path_components):
        return route_through(self, ArticlePage, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        depends_on(request, dependencies.page(self.pk), dependencies.section(self.pk))
        articles = selectors.section_page(self, request.GET.get("page"))
        context["articles"] = articles
        context["teasers"] = [selectors.Teaser(article, self) for article in articles]
        return context


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    bio = models.TextField(_("short biography"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "images.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    is_organisation = models.BooleanField(
        _("byline of the newsroom"),
        default=False,
        help_text=_(
            "Tick for a staff byline (the newsroom, a desk, an agency) rather than a person: "
            "search engines are told it is an organisation."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("is_organisation"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.photo and not self.photo.alt_text:
            raise ValidationError(
                {
                    "photo": _(
                        "This image has no alt text. Add it to the image, then choose it again."
                    )
                }
            )


class ArticleAuthor(Orderable):
    """One author of an article, in byline order."""

    page = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("author")
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_article")
        ]


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        # Related articles count shared tags from this index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="articletag_tag_article")]


class ArticlePage(ReaderPage):
    """A news article: headline (the page title), dek, dateline, byline and a body of blocks."""

    dek = models.TextField(
        _("dek"),
        blank=True,
        max_length=400,
        help_text=_("The summary under the headline, one or two sentences."),
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Where the story was reported.")
    )
    publication_date = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty: the article takes the time it first goes live. A date set here stands."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.MASTHEAD_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the article is written in."),
    )
    featured_image = models.ForeignKey(
        "images.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("featured image"),
        help_text=_("Its alt text, caption and credit are edited with the image."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    canonical_url = models.URLField(
        _("canonical URL"),
        blank=True,
        help_text=_(
            "For syndicated copy: the address of the original, which search engines should index."
        ),
    )
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Closed: readers see the approved comments but cannot add any."),
    )

    base_form_class = ArticleForm
    content_panels = [
        EditorialChecksPanel(),
        # Fills the slug from the headline until the article is first published.
        TitleFieldPanel("title", heading=_("Headline"), placeholder=_("Headline*")),
        FieldPanel("dek"),
        MultiFieldPanel(
            [
                FieldPanel("dateline"),
                FieldPanel("publication_date"),
                InlinePanel("article_authors", label=_("Authors")),
            ],
            heading=_("Byline"),
        ),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("language"),
        InlinePanel("corrections", heading=_("Corrections and updates"), label=_("Note")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("canonical_url")]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_open")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("dek"),
        index.SearchField("body"),
        index.RelatedFields(
            "article_authors", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        indexes = [models.Index(fields=["publication_date"], name="article_publication_date")]

    @classmethod
    def get_indexed_objects(cls):
        """Bylines with their authors, so indexing reads one query per batch, not per article."""
        return super().get_indexed_objects().prefetch_related("article_authors__author")

    def clean(self):
        super().clean()
        assign_heading_anchors(self.body)
        if self.featured_image and not self.featured_image.alt_text:
            raise ValidationError(
                {
                    "featured_image": _(
                        "This image has no alt text. Add it to the image, then choose it again."
                    )
                }
            )

    def serve_preview(self, request, mode_name):
        """A draft with no date yet previews with the time it would take if published now."""
        if self.publication_date is None:
            self.publication_date = timezone.now()
        return super().serve_preview(request, mode_name)

    @cached_property
    def table_of_contents(self) -> list[OutlineEntry]:
        return table_of_contents(self.body)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        shown = selectors.article_context(self)
        depends_on(
            request,
            dependencies.page(self.pk),
            dependencies.discussion(self.pk),
            dependencies.section(shown.section.pk) if shown.section else dependencies.ARTICLES,
            *(dependencies.topic(tag.slug) for tag in shown.tags),
        )
        context.update(
            section=shown.section,
            authors=shown.authors,
            tags=shown.tags,
            related=shown.related,
            corrections=shown.corrections,
            updated_at=shown.corrections[-1].published_at if shown.corrections else None,
        )
        context["canonical_url"] = self.canonical_url
        return context


class ArticleCorrection(Orderable):
    """A dated note appended to a published article, shown to readers in the open."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    published_at = models.DateTimeField(_("date"), default=timezone.now)
    text = models.TextField(_("note"), max_length=1000)

    panels = [FieldPanel("kind"), FieldPanel("published_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("correction or update")
