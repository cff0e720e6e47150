"""Settings for a public server: HTTPS, hashed static files, fail fast on a missing secret."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    MASTHEAD_HSTS_PRELOAD,
    MASTHEAD_HSTS_SECONDS,
    MASTHEAD_HSTS_SUBDOMAINS,
    MASTHEAD_SSL_REDIRECT,
    MASTHEAD_TRUSTED_PROXIES,
    SECRET_KEY,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random string to run in production.")

DEBUG = False
# TLS usually ends at the proxy in front; it tells us with this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = MASTHEAD_SSL_REDIRECT
SECURE_HSTS_SECONDS = MASTHEAD_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = MASTHEAD_HSTS_SUBDOMAINS
SECURE_HSTS_PRELOAD = MASTHEAD_HSTS_PRELOAD
# The shipped set-up puts nginx on the same host in front of `masthead serve`.
MASTHEAD_TRUSTED_PROXIES = MASTHEAD_TRUSTED_PROXIES or ["127.0.0.1", "::1"]

STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 - local disk or MASTHEAD_MEDIA_STORAGE
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's live preview shows the page in a same-origin frame: DENY would break it.
    "security.W019",
    # Joining the HSTS preload list is a lasting decision for the domain's owner, taken
    # with MASTHEAD_HSTS_PRELOAD, not a default.
    "security.W021",
]
