"""Settings for a public server: HTTPS, hashed static files, fail fast on a missing secret."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_list

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random string to run in production.")

DEBUG = False
# TLS usually ends at the proxy in front; it tells us with this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only when a proxy in front already redirects plain HTTP.
SECURE_SSL_REDIRECT = env_bool("MASTHEAD_SSL_REDIRECT", True)
# One year of HSTS; set to 0 while trying HTTPS out on a new domain.
SECURE_HSTS_SECONDS = int(os.environ.get("MASTHEAD_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MASTHEAD_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("MASTHEAD_HSTS_PRELOAD", False)
MASTHEAD_SERVE_MEDIA = env_bool("MASTHEAD_SERVE_MEDIA", False)
# The shipped set-up puts nginx on the same host in front of `masthead serve`.
MASTHEAD_TRUSTED_PROXIES = env_list("MASTHEAD_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's live preview shows the page in a same-origin frame: DENY would break it.
    "security.W019",
    # Joining the HSTS preload list is a lasting decision for the domain's owner, taken
    # with MASTHEAD_HSTS_PRELOAD, not a default.
    "security.W021",
]
