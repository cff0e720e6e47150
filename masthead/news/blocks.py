"""The blocks an article body is made of."""

from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from masthead.embeds.blocks import EmbedBlock

from . import blocks_media as media

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
        label=_("Level"),
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        validators=[validate_slug],
        label=_("Anchor"),
        help_text=_(
            "The #link to this heading. Filled in from the heading on save; "
            "keep it when rewording the heading so links to it keep working."
        ),
    )

    class Meta:
        icon = "title"
        template = "news/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quotation"))
    speaker = blocks.CharBlock(required=False, max_length=200, label=_("Speaker"))
    role = blocks.CharBlock(required=False, max_length=200, label=_("Speaker's role"))

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class ArticleImageBlock(media.PictureFieldsBlock):
    class Meta:
        template = "news/blocks/image.html"


class FactBoxBlock(blocks.StructBlock):
    """Key facts beside the story: figures, dates, who is who."""

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    facts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Fact")), min_num=1, label=_("Facts")
    )

    class Meta:
        icon = "list-ul"
        template = "news/blocks/fact_box.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=_("Paragraph"), template="news/blocks/paragraph.html"
    )
    heading = HeadingBlock(label=_("Heading"))
    quote = QuoteBlock(label=_("Quote"))
    image = ArticleImageBlock(label=_("Image"))
    fact_box = FactBoxBlock(label=_("Fact box"))
    embed = EmbedBlock(label=_("Embed"))
    bulleted_list = media.ListItemsBlock(label=_("Bulleted list"))
    numbered_list = media.ListItemsBlock(
        label=_("Numbered list"), icon="list-ol", template="news/blocks/numbered_list.html"
    )
    gallery = media.GalleryBlock(label=_("Gallery"))
    table = media.ArticleTableBlock(label=_("Table"))
    pull_quote = media.PullQuoteBlock(label=_("Pull quote"))
    related_article = media.RelatedArticleBlock(label=_("Related article"))
    document = media.DocumentLinkBlock(label=_("Document"))
    video = media.VideoBlock(label=_("Video"))
