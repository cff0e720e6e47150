"""The production WSGI application: Django behind the page cache's hit path."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")

from django.db.backends.signals import connection_created  # noqa: E402

from masthead.core.outages import limit_statements  # noqa: E402 - needs the settings
from masthead.core.requestlog import RequestIdApplication  # noqa: E402 - needs the settings
from masthead.pagecache.wsgi import PageCacheApplication  # noqa: E402 - needs the settings

# The request id and log line outermost, so that hits get them too.
application = RequestIdApplication(PageCacheApplication(get_wsgi_application()))
# The statement timeout is for web requests only: commands (migrate, backup) run unlimited.
connection_created.connect(limit_statements, dispatch_uid="masthead-statement-timeout")

# What Django and Wagtail loaded lives as long as the worker. A full collection walking
# it froze a worker for about 100 ms (the tail of comment posts at 16 posters); frozen,
# the collector only walks what requests create.
gc.freeze()
