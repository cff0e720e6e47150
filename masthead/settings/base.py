"""Settings shared by every environment; safe by default.

Every environment variable Masthead reads is read here, each with a line on why it
exists. dev.py, test.py and production.py only adjust what differs.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


PACKAGE_DIR = Path(__file__).resolve().parent.parent

# Where the embedded SQLite database, uploaded media, collected static files and generated
# secrets live: `var/` in the directory `masthead` runs in (the checkout, under `make`),
# never inside the installed package.
DATA_DIR = Path(os.environ.get("MASTHEAD_DATA_DIR") or "var").resolve()
# Signs sessions and CSRF tokens; production refuses to start without it.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Host names this site answers to (comma-separated).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# The port `make run` and `masthead serve` listen on.
PORT = int(os.environ.get("PORT", "8000"))
# The public address of the site, used in e-mails and admin links.
WAGTAILADMIN_BASE_URL = os.environ.get("MASTHEAD_BASE_URL", f"http://127.0.0.1:{PORT}")
# A PostgreSQL URL switches the database from the embedded SQLite file.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# A Redis URL switches the cache from process memory to a shared Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Shows Django's technical error pages; never set it on a public server.
DEBUG = env_bool("MASTHEAD_DEBUG", False)

INSTALLED_APPS = [
    "masthead.core",
    "masthead.users",
    "masthead.images",
    "masthead.news",
    "masthead.comments",
    "masthead.seo",
    "masthead.editorial",
    "masthead.pagecache",
    "masthead.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # A request id and one log line per request; outside the page cache, so that stored
    # pages never carry an id (masthead/core/requestlog.py).
    "masthead.core.requestlog.RequestIdMiddleware",
    # Outermost after it, so that what it stores carries every header the others add.
    "masthead.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "masthead.core.middleware.TrustedProxyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Admin sign-in (docs/production.md): django-axes refuses an account, and an address,
# for AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT failed sign-ins, keeps every failure
# (AccessAttempt, AccessFailureLog), and counts the address TrustedProxyMiddleware found.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: it answers the lockout
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins before a lockout, and its length: tighten or loosen per newsroom.
AXES_FAILURE_LIMIT = int(os.environ.get("MASTHEAD_SIGNIN_FAILURES", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("MASTHEAD_SIGNIN_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each locks on its own
AXES_CLIENT_IP_CALLABLE = "masthead.users.signin.client_address"
AXES_LOCKOUT_CALLABLE = "masthead.users.signin.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command: failures go to its log and table
# Argon2 first: new and changed passwords use it; older hashes are upgraded at sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def database_config(url: str) -> dict:
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database's home, on first start
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "masthead.sqlite3",
        # Keep each thread's connection: opening one re-runs the PRAGMAs and re-reads
        # the schema, a noticeable part of a render on a large database.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # WAL lets readers carry on while a comment or a publish is written.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_config(DATABASE_URL)}


def cache_config(url: str) -> dict:
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "masthead"}


CACHES = {"default": cache_config(REDIS_URL)}

# Proxies whose X-Forwarded-For names the reader (comma-separated), e.g. the local nginx;
# production.py trusts the loopback when this is unset.
MASTHEAD_TRUSTED_PROXIES = env_list("MASTHEAD_TRUSTED_PROXIES", [])
# Let Django serve uploaded media; dev.py and test.py turn it on, a public server's web
# server does it (masthead/urls.py).
MASTHEAD_SERVE_MEDIA = env_bool("MASTHEAD_SERVE_MEDIA", False)

# The anonymous page cache (masthead/pagecache); "off" renders every request.
MASTHEAD_PAGE_CACHE = env_bool("MASTHEAD_PAGE_CACHE", True)
# Memory each app process may use for cached pages.
MASTHEAD_PAGE_CACHE_MEMORY_MB = int(os.environ.get("MASTHEAD_PAGE_CACHE_MEMORY_MB", "64"))
# How long a CDN or proxy may keep a page (s-maxage) and serve it while refetching.
MASTHEAD_PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("MASTHEAD_PAGE_CACHE_SHARED_SECONDS", "60"))
MASTHEAD_PAGE_CACHE_STALE_SECONDS = int(os.environ.get("MASTHEAD_PAGE_CACHE_STALE_SECONDS", "30"))
# nginx's proxy_cache_path, when nginx caches in front (`masthead nginx-config`): Masthead
# deletes the copies of changed pages there.
MASTHEAD_NGINX_CACHE_DIR = os.environ.get("MASTHEAD_NGINX_CACHE_DIR", "")
# Callables told the paths that changed, to purge proxies and CDNs in front.
MASTHEAD_PAGE_PURGERS = ["masthead.pagecache.purge.purge_nginx"] if MASTHEAD_NGINX_CACHE_DIR else []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Outgoing mail (moderators' notices): SMTP by default; dev.py prints it, test.py keeps it.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# The SMTP server the default backend talks to.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
# The sender of Masthead's own e-mails.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# HTTPS, which only production.py applies (dev and the tests run on plain HTTP):
# redirect plain HTTP to HTTPS; off when a proxy in front already does.
MASTHEAD_SSL_REDIRECT = env_bool("MASTHEAD_SSL_REDIRECT", True)
# HSTS max-age, a year; 0 while trying HTTPS out on a new domain.
MASTHEAD_HSTS_SECONDS = int(os.environ.get("MASTHEAD_HSTS_SECONDS", "31536000"))
# HSTS for every subdomain too.
MASTHEAD_HSTS_SUBDOMAINS = env_bool("MASTHEAD_HSTS_SUBDOMAINS", True)
# Asks browsers' HSTS preload list for the domain: its owner's lasting decision, so off.
MASTHEAD_HSTS_PRELOAD = env_bool("MASTHEAD_HSTS_PRELOAD", False)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
FORMAT_MODULE_PATH = ["masthead.formats"]
USE_I18N = True
USE_TZ = True

# Languages an article can be written in, independent of the interface languages.
MASTHEAD_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("km", "ខ្មែរ"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("zh-hans", "简体中文"),
    ("ja", "日本語"),
    ("ar", "العربية"),
]

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Masthead"
WAGTAILIMAGES_IMAGE_MODEL = "images.NewsImage"
# mp4, webm and vtt: the video block's files and captions.
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "key", "mp4", "odt", "pdf", "pptx", "rtf", "txt", "vtt", "webm"),
    *("xlsx", "zip"),
]
# Renditions an uploaded image needs are made by a task after the upload, not on the
# first reader's request (masthead/images/renditions.py says which).
MASTHEAD_IMAGES_PREPARE_ON_UPLOAD = env_bool("MASTHEAD_IMAGES_PREPARE_ON_UPLOAD", True)
# The admin's search: Wagtail's database backend. Reader search has its own index
# (masthead/news/search/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False

# The admin makes no request to another host: no Gravatar avatars (they send each
# editor's e-mail hash to a third party and break offline), no update check against
# releases.wagtail.org at sign-in, no "what's new" banner pointing at wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Flash messages ("your comment is waiting") travel in a cookie: readers get no session.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The background loop (editorial's scheduled publishing) that core's process commands run:
# `masthead run` beside the development server, `masthead scheduler` as its own process.
MASTHEAD_SCHEDULER = "masthead.editorial.scheduler.Scheduler"

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action and django_tasks every task at INFO: too chatty for a console.
    "loggers": {
        "wagtail": {"level": os.environ.get("LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": os.environ.get("LOG_LEVEL", "WARNING")},
    },
}

# Content-Security-Policy (django-csp) and Permissions-Policy, on every response; see
# docs/production.md "Headers". Placed just inside the page cache, so cached pages carry
# them too. Reader pages have no inline script or style at all (no nonce: a nonce would be
# baked into pages the cache shares between readers).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "masthead.core.middleware.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "masthead.core.middleware.PermissionsPolicyMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin's own policy, under MASTHEAD_ADMIN_PATH_PREFIX: its screens still use
# inline styles and scripts (and blob: images while uploading), and it frames its own
# previews; scripts, frames and forms still come only from this host.
MASTHEAD_ADMIN_PATH_PREFIX = "/admin/"
MASTHEAD_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Browser features no page uses, off for every origin ("()" allows nobody).
MASTHEAD_PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ),
    "()",
)
