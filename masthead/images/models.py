import threading

from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Filter
from wagtail.images.models import Image as WagtailImage

from .metadata import ReaderFilter

# A worker makes one rendition at a time. Each holds the decoded original (36 MB for a
# 12 MP photo) and the encoder's buffers while it is made; four reader threads making
# them at once drove a worker's peak memory far past one (bench/renditions.py,
# docs/media.md), while libavif's own threads already keep both cores busy with one.
RENDITION_LOCK = threading.Lock()


class NewsImage(AbstractImage):
    """An image with the words a news page prints around it.

    Wagtail's `description` is what it uses as default alt text, so it is relabelled
    here rather than duplicated by a second alt-text field.
    """

    description = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. "
            "Required before the image can lead an article."
        ),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*WagtailImage.admin_form_fields, "caption", "credit")

    @property
    def alt_text(self) -> str:
        return self.description

    def generate_rendition_file(self, filter: Filter, *, source: File = None) -> File:
        """Every rendition is made without the original's EXIF and XMP (no GPS, no
        camera serial number): Wagtail's JPEG and PNG renditions would copy them."""
        with RENDITION_LOCK:
            return super().generate_rendition_file(ReaderFilter(filter.spec), source=source)


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
