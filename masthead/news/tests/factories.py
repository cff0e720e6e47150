from django.utils import timezone

import factory
import wagtail_factories

from masthead.images.models import NewsImage
from masthead.news.models import ArticlePage, Author, HomePage, SectionPage


def body(*headings: str) -> list[dict]:
    """A short article body in StreamField's raw form: a paragraph, then each heading with text."""
    blocks = [{"type": "paragraph", "value": "<p>An opening paragraph with the news.</p>"}]
    for heading in headings:
        blocks.append({"type": "heading", "value": {"text": heading, "level": "h2", "anchor": ""}})
        blocks.append(
            {"type": "paragraph", "value": f"<p>What there is to say about {heading}.</p>"}
        )
    return blocks


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Pages published through a revision, as an editor would (unless created as drafts)."""

    class Meta:
        abstract = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create and page.live and extracted is not False:
            page.save_revision().publish()


class HomePageFactory(PublishedPageFactory):
    title = "Front page"
    slug = "home"

    class Meta:
        model = HomePage
        skip_postgeneration_save = True


class SectionPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    show_in_menus = True

    class Meta:
        model = SectionPage
        skip_postgeneration_save = True


class ArticlePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    dek = "A one-sentence summary of the article."
    dateline = "Siem Reap"
    publication_date = factory.LazyFunction(timezone.now)
    body = factory.LazyFunction(lambda: body("Background", "Reaction"))

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(article, create, names, **kwargs):
        if create and names:
            article.tags.add(*names)
            article.save()


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    role = "Correspondent"

    class Meta:
        model = Author


class NewsImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = "Delegates seated around a long table"
    caption = "The closing session."
    credit = "Masthead"

    class Meta:
        model = NewsImage
