"""Settings for `make run`: the embedded database, plain HTTP on loopback."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY


def local_secret_key() -> str:
    """A key generated once per data directory, so no secret is ever in the code."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = SECRET_KEY or local_secret_key()

# Plain HTTP on 127.0.0.1: cookies marked Secure would never come back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MASTHEAD_SERVE_MEDIA = True

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
