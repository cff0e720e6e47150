"""An image edited or deleted (its alt text, caption, credit) may show on any page."""

from masthead.pagecache.invalidation import shown_on_every_page

from .models import NewsImage

shown_on_every_page(NewsImage)
