"""The production WSGI application: Django behind the page cache's hit path."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")

from masthead.pagecache.wsgi import PageCacheApplication  # noqa: E402 - needs the settings

application = PageCacheApplication(get_wsgi_application())
