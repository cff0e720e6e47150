"""Settings for the test suite: fast and isolated, the same code paths as production."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, REDIS_URL

# Each pytest-xdist worker keeps its own files (database, media, page-cache versions)
# and its own Redis keys. A process the worker starts with MASTHEAD_DATA_DIR set to the
# worker's directory (the page-cache process tests) finds the same files.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and DATA_DIR.name != XDIST_WORKER:
    DATA_DIR = DATA_DIR / "test-workers" / XDIST_WORKER
    DATA_DIR.mkdir(parents=True, exist_ok=True)
if XDIST_WORKER and REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = f"test-{XDIST_WORKER}"  # noqa: F405

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MASTHEAD_SERVE_MEDIA = True
MEDIA_ROOT = DATA_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Imports started in the admin run in the request, inside the test's transaction.
MASTHEAD_IMPORT_IN_THREAD = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tasks run inside the test's transaction: a thread's own connection would not see its rows.
MASTHEAD_NEWSLETTER_CONNECTIONS = 1

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the browser tests' live server then reads through its own
    # connection, as a real server would, instead of sharing the test's.
    DATABASES["default"]["TEST"] = {"NAME": DATA_DIR / "test-masthead.sqlite3"}  # noqa: F405

# Tests that check the time trap pass their own clock; the rest post after one second.
MASTHEAD_COMMENT_LIMITS = {"min_seconds": 1}

# No test reaches a provider: every embed endpoint points at a closed port on the
# loopback; the embed tests start their own oEmbed server and point them there.
MASTHEAD_EMBED_PROVIDERS = {
    slug: {
        "oembed": config["oembed"] and "http://127.0.0.1:9/oembed",
        "player": "http://127.0.0.1:9",
    }
    for slug, config in MASTHEAD_EMBED_PROVIDERS.items()  # noqa: F405
}
MASTHEAD_EMBED_TIMEOUT_SECONDS = 2
MASTHEAD_EMBED_ALLOW_PRIVATE_ADDRESSES = True
# Renditions are made when a page first shows the image: most tests upload images they
# never show, and AVIF encoding is the slowest thing an upload does.
MASTHEAD_IMAGES_PREPARE_ON_UPLOAD = False
