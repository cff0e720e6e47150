"""The site settings (name, tagline, follow links) show on every page."""

from masthead.pagecache.invalidation import shown_on_every_page

from .models import SiteSettings

shown_on_every_page(SiteSettings)
