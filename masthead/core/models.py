from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@dataclass(frozen=True)
class SocialLink:
    network: str
    label: str
    url: str


# Brand names, deliberately not marked for translation: Telegram is Telegram in French.
SOCIAL_NETWORKS = (
    ("telegram", "Telegram"),
    ("youtube", "YouTube"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("x", "X"),
    ("linkedin", "LinkedIn"),
)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the newsroom says about itself on every page: name, tagline, where to follow it."""

    site_name = models.CharField(_("site name"), max_length=100, default="Masthead")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    telegram_url = models.URLField("Telegram", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    x_url = models.URLField("X", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    default_social_image = models.ForeignKey(
        "images.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default social image"),
        help_text=_(
            "Shown by link previews and search engines for pages without a picture of their "
            "own; cropped to 1200×630. Empty: the Masthead wordmark."
        ),
    )
    feed_full_text = models.BooleanField(
        _("full text in feeds"),
        default=False,
        help_text=_("Off: feeds carry each article's dek; on: the whole article."),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel(f"{network}_url") for network, _label in SOCIAL_NETWORKS],
            heading=_("Social profiles (left empty, a network is not shown)"),
        ),
        FieldPanel("default_social_image"),
        FieldPanel("feed_full_text"),
    ]

    class Meta:
        verbose_name = _("site settings")

    def social_links(self) -> list[SocialLink]:
        """The profiles that are filled in, in a fixed order."""
        return [
            SocialLink(network, label, url)
            for network, label in SOCIAL_NETWORKS
            if (url := getattr(self, f"{network}_url"))
        ]
