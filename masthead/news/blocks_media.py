"""The body blocks a newsroom reaches for beyond text: lists, pictures, tables, video.

Kept apart from blocks.py (the text blocks) so each stays short; ArticleBodyBlock
registers both.
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

LIST_ITEM_FEATURES = ["bold", "italic", "link"]
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
TABLE_OPTIONS = {"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False}


class ListItemsBlock(blocks.StructBlock):
    """A bulleted or numbered list: which one is the block's type, set where it is used."""

    items = blocks.ListBlock(
        blocks.RichTextBlock(features=LIST_ITEM_FEATURES, label=_("Item")),
        min_num=1,
        label=_("Items"),
    )

    class Meta:
        icon = "list-ul"
        template = "news/blocks/list.html"


class PictureFieldsBlock(blocks.StructBlock):
    """An image with what the article says about it here, each field falling back to
    the image's own: the body's image block and each picture of a gallery."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Alt text"),
        help_text=_("What the image shows, for readers who cannot see it. Empty: the image's own."),
    )
    caption = blocks.CharBlock(
        required=False, max_length=255, label=_("Caption"), help_text=_("Empty: the image's own.")
    )
    credit = blocks.CharBlock(
        required=False, max_length=255, label=_("Credit"), help_text=_("Empty: the image's own.")
    )

    class Meta:
        icon = "image"


class GalleryImageBlock(PictureFieldsBlock):
    """One picture of a gallery, laid out by the gallery's template."""


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=200, label=_("Title"))
    images = blocks.ListBlock(GalleryImageBlock(), min_num=2, max_num=24, label=_("Images"))

    class Meta:
        icon = "image"
        template = "news/blocks/gallery.html"


class ArticleTableBlock(TableBlock):
    """A table with an optional header row and a caption, edited as a grid."""

    def __init__(self, **kwargs):
        super().__init__(table_options=TABLE_OPTIONS, **kwargs)

    class Meta:
        icon = "table"
        template = "news/blocks/table.html"


class PullQuoteBlock(blocks.StructBlock):
    """A line of the article set large in the margin; it repeats the text, so screen
    readers skip it."""

    text = blocks.TextBlock(max_length=300, label=_("Text"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "news/blocks/pull_quote.html"


class RelatedArticleBlock(blocks.StructBlock):
    article = blocks.PageChooserBlock(page_type="news.ArticlePage", label=_("Article"))
    label = blocks.CharBlock(
        required=False, max_length=60, label=_("Label"), help_text=_("Empty: “Read also”.")
    )

    class Meta:
        icon = "link"
        template = "news/blocks/related_article.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False, max_length=200, label=_("Title"), help_text=_("Empty: the document's.")
    )

    class Meta:
        icon = "doc-full"
        template = "news/blocks/document.html"


def extension(document) -> str:
    return PurePosixPath(document.file.name).suffix.lower().lstrip(".")


class VideoBlock(blocks.StructBlock):
    """A video file the newsroom hosts (uploaded as documents): MP4 and/or WebM, a poster,
    and captions in WebVTT."""

    title = blocks.CharBlock(max_length=200, label=_("Title"), help_text=_("What the video shows."))
    mp4 = DocumentChooserBlock(required=False, label=_("MP4 file"))
    webm = DocumentChooserBlock(required=False, label=_("WebM file"))
    poster = ImageChooserBlock(label=_("Poster image"))
    captions = DocumentChooserBlock(required=False, label=_("Captions (WebVTT .vtt)"))
    captions_language = blocks.CharBlock(max_length=10, default="en", label=_("Captions language"))
    caption = blocks.CharBlock(required=False, max_length=255, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=255, label=_("Credit"))

    class Meta:
        icon = "media"
        template = "news/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for name in VIDEO_TYPES:
            if value[name] and extension(value[name]) != name:
                errors[name] = ValidationError(_("Choose a .%(ext)s file.") % {"ext": name})
        if value["captions"] and extension(value["captions"]) != "vtt":
            errors["captions"] = ValidationError(_("Choose a .vtt file."))
        if not (value["mp4"] or value["webm"]):
            errors["mp4"] = ValidationError(_("Choose an MP4 or a WebM file."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["sources"] = [
            (value[name].url, mime) for name, mime in VIDEO_TYPES.items() if value[name]
        ]
        return context
