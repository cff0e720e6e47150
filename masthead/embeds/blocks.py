"""The embed block: a link to a post or video, shown as a local preview until the reader
asks for the provider's player."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images import get_image_model

from .providers import BY_SLUG, PROVIDER_NAMES, EmbedError, Link, parse_link
from .services import embed_preview_for


@dataclass
class EmbedValue:
    """The link and what its provider said about it when the editor saved it."""

    url: str
    provider: str = ""
    title: str = ""
    author_name: str = ""
    thumbnail_id: int | None = None
    thumbnail: object = field(default=None, repr=False)

    @classmethod
    def from_preview(cls, preview) -> "EmbedValue":
        return cls(
            url=preview.url,
            provider=preview.provider,
            title=preview.title,
            author_name=preview.author_name,
            thumbnail_id=preview.thumbnail_id,
            thumbnail=preview.thumbnail,
        )

    @cached_property
    def link(self) -> Link | None:
        """The parsed link; None for a value saved under rules this version no longer has."""
        try:
            return parse_link(self.url)
        except EmbedError:
            return None

    @property
    def provider_name(self) -> str:
        provider = BY_SLUG.get(self.provider)
        return provider.name if provider else ""

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "provider": self.provider,
            "title": self.title,
            "author_name": self.author_name,
            "thumbnail": self.thumbnail_id,
        }


class EmbedBlock(blocks.FieldBlock):
    """A URL field for the editor; on save, the provider's title, author and thumbnail
    are read once (embeds/services.py) and kept in the block's value."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = forms.URLField(
            required=required,
            max_length=1000,
            assume_scheme="https",
            help_text=help_text
            or _(
                "A link to one post or video on %(providers)s. Masthead reads its title "
                "and picture when you save; readers load the provider's player only if "
                "they choose to."
            )
            % {"providers": PROVIDER_NAMES},
        )
        super().__init__(**kwargs)

    def value_for_form(self, value):
        return value.url if isinstance(value, EmbedValue) else (value or "")

    def value_from_form(self, value):
        return EmbedValue(url=value) if value else None

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            preview = embed_preview_for(url=value.url)
        except EmbedError as error:
            raise ValidationError(str(error)) from error
        return EmbedValue.from_preview(preview)

    def normalize(self, value):
        return self.to_python(value)

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        embeds = [self._value(raw) for raw in values]
        wanted = {embed.thumbnail_id for embed in embeds if embed and embed.thumbnail_id}
        images = get_image_model().objects.in_bulk(wanted) if wanted else {}
        for embed in embeds:
            if embed and embed.thumbnail is None:
                embed.thumbnail = images.get(embed.thumbnail_id)
        return embeds

    def _value(self, raw):
        if isinstance(raw, EmbedValue) or not raw:
            return raw or None
        if isinstance(raw, str):
            return EmbedValue(url=raw)
        return EmbedValue(
            url=raw.get("url", ""),
            provider=raw.get("provider", ""),
            title=raw.get("title", ""),
            author_name=raw.get("author_name", ""),
            thumbnail_id=raw.get("thumbnail"),
        )

    def get_prep_value(self, value):
        return value.as_dict() if isinstance(value, EmbedValue) else None

    def get_api_representation(self, value, context=None):
        return self.get_prep_value(value)

    def extract_references(self, value):
        """The thumbnail, so Wagtail's usage count (and whatever purges pages using an image)
        knows which pages show it."""
        if isinstance(value, EmbedValue) and value.thumbnail_id:
            yield get_image_model(), str(value.thumbnail_id), "", ""

    def get_searchable_content(self, value):
        return [value.title] if isinstance(value, EmbedValue) and value.title else []

    class Meta:
        icon = "media"
        template = "embeds/embed_block.html"
