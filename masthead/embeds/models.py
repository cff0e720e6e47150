from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmbedPreview(models.Model):
    """What Masthead read about one embedded link while an editor saved it.

    The embed block copies it into its value, so reader pages never look here; a page
    saved again with the same link reuses it rather than asking the provider again, so
    an unchanged page still saves while the provider is down.
    """

    url = models.URLField(_("link"), max_length=1000, unique=True)
    provider = models.CharField(_("provider"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    author_name = models.CharField(_("author"), max_length=255, blank=True)
    thumbnail = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("thumbnail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fetched_at = models.DateTimeField(_("read at"), auto_now=True)

    class Meta:
        verbose_name = _("embed preview")
        verbose_name_plural = _("embed previews")

    def __str__(self) -> str:
        return self.title
