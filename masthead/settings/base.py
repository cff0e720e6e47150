"""Settings shared by every environment; safe by default.

Every environment variable Masthead reads is read here, each with a line on why it
exists. dev.py, test.py and production.py only adjust what differs.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


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
    "masthead.embeds",
    "masthead.comments",
    "masthead.seo",
    "masthead.editorial",
    "masthead.pagecache",
    "masthead.importers",
    "masthead.newsletters",
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
    "django_tasks",
    "django_tasks_db",
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
    # The 503 page while the database or Redis is down, in the reader's language; after
    # WhiteNoise, so that its stylesheet is still served (masthead/core/outages.py).
    "masthead.core.outages.OutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's, on a 404 only; its permanent redirects kept by the page cache.
    "masthead.importers.redirects.CachedRedirectMiddleware",
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
# Two-step sign-in (docs/security.md): staff may add an authenticator app in their
# account; once they have, the admin asks for its code after the password.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "masthead.users.middleware.TwoFactorMiddleware",
)
# Administrators must set up an authenticator app before the admin opens for them.
MASTHEAD_REQUIRE_2FA_FOR_ADMINS = env_bool("MASTHEAD_REQUIRE_2FA_FOR_ADMINS", False)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = os.environ.get("MASTHEAD_2FA_ISSUER", "Masthead")
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


# Outages (docs/production.md, "What each outage costs"): how long a process waits on
# each server before giving up, and how long it then goes without it before trying again
# (also the Retry-After of its 503 page).
MASTHEAD_OUTAGE_RETRY_SECONDS = float(os.environ.get("MASTHEAD_OUTAGE_RETRY_SECONDS", "5"))
# Seconds to open a PostgreSQL connection (libpq counts 2 at least): an unreachable
# database then costs a reader this long, not two minutes.
MASTHEAD_DATABASE_CONNECT_TIMEOUT = int(os.environ.get("MASTHEAD_DATABASE_CONNECT_TIMEOUT", "3"))
# Seconds PostgreSQL lets one statement of a web request run (0: no limit); a runaway
# query then answers 503 instead of holding a worker. Commands (migrate, backups) have none.
MASTHEAD_DATABASE_STATEMENT_TIMEOUT = float(
    os.environ.get("MASTHEAD_DATABASE_STATEMENT_TIMEOUT", "30")
)
# Seconds to connect to Redis, and to wait for any answer from it.
MASTHEAD_REDIS_CONNECT_TIMEOUT = float(os.environ.get("MASTHEAD_REDIS_CONNECT_TIMEOUT", "1"))
MASTHEAD_REDIS_TIMEOUT = float(os.environ.get("MASTHEAD_REDIS_TIMEOUT", "1"))


def database_config(url: str) -> dict:
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.postgresql":
            timeout = {"connect_timeout": MASTHEAD_DATABASE_CONNECT_TIMEOUT}
            config["OPTIONS"] = {**timeout, **config.get("OPTIONS", {})}
        return config
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


# Every Redis client's timeouts: Django's cache and the page cache's versions.
MASTHEAD_REDIS_OPTIONS = {
    "socket_connect_timeout": MASTHEAD_REDIS_CONNECT_TIMEOUT,
    "socket_timeout": MASTHEAD_REDIS_TIMEOUT,
}


def cache_config(url: str) -> dict:
    if url:
        # Django's Redis cache, going on in process memory while Redis is unreachable.
        return {
            "BACKEND": "masthead.resilience.cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": MASTHEAD_REDIS_OPTIONS,
        }
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

# Outgoing mail (newsletters, confirmations, moderators' notices): SMTP by default; dev.py prints it, test.py keeps it.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# The SMTP server the default backend talks to.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
# A provider's SMTP account (port 587 with STARTTLS, or 465 with TLS from the start).
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds before a silent mail server counts as a failure to retry (sends back off). Mail
# goes out from the task worker, so no reader ever waits on it.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
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

# Uploaded media (originals and renditions) on an S3-compatible object store that every
# app server shares (AWS S3, MinIO, Ceph, R2...): s3://bucket/prefix. Unset: the data
# directory's media/ folder. docs/production.md "Media on shared storage".
MASTHEAD_MEDIA_STORAGE = os.environ.get("MASTHEAD_MEDIA_STORAGE", "")
# Where readers' browsers fetch that media (a CDN or the bucket): the URL of the prefix.
MASTHEAD_MEDIA_URL = os.environ.get("MASTHEAD_MEDIA_URL", "")
# The object store's address and keys, under the names django-storages reads; unset (None)
# they fall back to boto3's own chain (AWS_* environment variables, ~/.aws, instance role).
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # MinIO, Ceph, R2...
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
# "path" for stores without a host name per bucket.
AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None


def media_storage(storage_url: str, media_url: str) -> dict:
    """The STORAGES entry for uploaded media: local disk, or the bucket and prefix named."""
    if not storage_url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(storage_url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(
            f"MASTHEAD_MEDIA_STORAGE={storage_url!r}: expected s3://bucket/prefix"
        )
    if not media_url.endswith("/"):
        raise ImproperlyConfigured("Set MASTHEAD_MEDIA_URL (ending in /) to serve s3 media.")
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        "media_url": media_url,
    }
    return {"BACKEND": "masthead.core.storage.SharedMediaStorage", "OPTIONS": options}


STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = MASTHEAD_MEDIA_URL or "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": media_storage(MASTHEAD_MEDIA_STORAGE, MASTHEAD_MEDIA_URL),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Masthead"
WAGTAILIMAGES_IMAGE_MODEL = "images.NewsImage"
# The admin's image form also refuses damaged files and takes GPS out of originals
# (masthead/images/forms.py; docs/media.md "Uploads Masthead refuses").
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.images.forms.NewsImageForm"
# Raster formats only: an SVG can carry scripts, and a <picture> needs AVIF/WebP/JPEG.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Largest image file an editor may upload (Wagtail's default, 10 MB); nginx lets 20 MB
# through, so a larger file gets the admin's message rather than nginx's 413.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(
    os.environ.get("MASTHEAD_IMAGES_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))
)
# Most pixels an upload may have: a 48 MP phone photo passes; decoding 50 MP takes about
# 150 MB, so a worker making renditions stays bounded. Pillow's own bomb limit is 89 MP.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("MASTHEAD_IMAGES_MAX_PIXELS", "50000000"))
# Blocks of this many bytes or more go back to the kernel when freed, so a worker's
# memory comes down after it makes renditions (masthead/images/memory.py); 0 keeps
# glibc's moving threshold.
MASTHEAD_IMAGES_MMAP_THRESHOLD = int(os.environ.get("MASTHEAD_IMAGES_MMAP_THRESHOLD", "131072"))
# Keep the GPS block in uploaded originals (renditions never carry any EXIF).
MASTHEAD_IMAGES_KEEP_EXIF = env_bool("MASTHEAD_IMAGES_KEEP_EXIF", False)
# Largest document (PDF, video, captions): under nginx's 20 MB with the form around it.
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(
    os.environ.get("MASTHEAD_DOCUMENTS_MAX_UPLOAD_BYTES", str(19 * 1024 * 1024))
)
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

# Background work (mails, newsletter sends) waits in a table of this database, so it
# survives a restart: `masthead run` runs a worker thread, production `masthead worker`
# processes (docs/newsletters.md). A Redis queue (django-tasks-rq) is an option.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The background loop (editorial's scheduled publishing) that core's process commands run:
# `masthead run` beside the development server, `masthead scheduler` as its own process.
# An import started in the admin runs in a thread of its own while TASKS runs tasks in
# the request (the immediate backend), so the page can show its progress.
MASTHEAD_IMPORT_IN_THREAD = env_bool("MASTHEAD_IMPORT_IN_THREAD", True)
MASTHEAD_SCHEDULER = "masthead.editorial.scheduler.Scheduler"
# What the scheduler runs on each tick besides publishing: the newsletters' daily
# briefing, scheduled sends, and sends whose worker died; the task queue's old result
# rows, every six hours.
MASTHEAD_SCHEDULED_JOBS = [
    "masthead.newsletters.jobs.due_work",
    "masthead.core.worker.prune_task_results",
]
# Days a finished task's result row is kept (for the admin and debugging) before pruning.
MASTHEAD_TASK_RESULTS_DAYS = int(os.environ.get("MASTHEAD_TASK_RESULTS_DAYS", "7"))
# Newsletter sending: messages per second per send (500 keeps the readers' p99 within
# 1.3x of idle while 100,000 go in under four minutes on two cores: docs/newsletters.md,
# "Speed"; a provider's limit, e.g. 14 for Amazon SES's default; 0: as fast as the
# server takes them, shared by up to MASTHEAD_NEWSLETTER_TASKS workers), the recipients
# one task takes at a time, and the seconds after which a dead worker's batch is taken over.
MASTHEAD_NEWSLETTER_RATE = float(os.environ.get("MASTHEAD_NEWSLETTER_RATE", "500"))
MASTHEAD_NEWSLETTER_BATCH = int(os.environ.get("MASTHEAD_NEWSLETTER_BATCH", "500"))
MASTHEAD_NEWSLETTER_LEASE = int(os.environ.get("MASTHEAD_NEWSLETTER_LEASE", "300"))
# A send is queued as this many tasks (fewer for a small list): up to as many workers share it.
MASTHEAD_NEWSLETTER_TASKS = int(os.environ.get("MASTHEAD_NEWSLETTER_TASKS", "4"))
# SMTP connections (threads) each task keeps busy side by side: one waits on the server's
# replies most of the time.
MASTHEAD_NEWSLETTER_CONNECTIONS = int(os.environ.get("MASTHEAD_NEWSLETTER_CONNECTIONS", "4"))

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
    "filters": {"without_outages": {"()": "masthead.core.outages.WithoutOutages"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action and django_tasks every task at INFO: too chatty for a console.
    "loggers": {
        # Not a line per request answered 503 during an outage (masthead/core/outages.py).
        "django.request": {"filters": ["without_outages"]},
        "wagtail": {"level": os.environ.get("LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": os.environ.get("LOG_LEVEL", "WARNING")},
    },
}

# Embeds (masthead/embeds, docs/embeds.md). Per provider: the oEmbed endpoint Masthead
# reads a link's title, author and thumbnail from while an editor saves (None: the
# provider has none, the preview is made from the link alone), and the origin its player
# is framed from once a reader presses "Load"; the reader pages' frame-src lists exactly
# these origins. Nothing is fetched from them while a reader's page is rendered.
MASTHEAD_EMBED_PROVIDERS = {
    "youtube": {
        "oembed": "https://www.youtube.com/oembed",
        "player": "https://www.youtube-nocookie.com",
    },
    "vimeo": {"oembed": "https://vimeo.com/api/oembed.json", "player": "https://player.vimeo.com"},
    "x": {"oembed": "https://publish.twitter.com/oembed", "player": "https://platform.twitter.com"},
    "telegram": {"oembed": None, "player": "https://t.me"},
    "facebook": {
        "oembed": "https://graph.facebook.com/v22.0/oembed_post",
        "player": "https://www.facebook.com",
    },
    "instagram": {
        "oembed": "https://graph.facebook.com/v22.0/instagram_oembed",
        "player": "https://www.instagram.com",
    },
    "tiktok": {"oembed": "https://www.tiktok.com/oembed", "player": "https://www.tiktok.com"},
}
# Meta's oEmbed (Facebook, Instagram) wants an app token ("app-id|client-token"); without
# one, their embeds get a preview made from the link alone.
MASTHEAD_META_OEMBED_TOKEN = os.environ.get("MASTHEAD_META_OEMBED_TOKEN", "")
# How long an editor's save waits for a provider, and how much it reads from it.
MASTHEAD_EMBED_TIMEOUT_SECONDS = float(os.environ.get("MASTHEAD_EMBED_TIMEOUT_SECONDS", "5"))
MASTHEAD_EMBED_OEMBED_MAX_BYTES = 256 * 1024
MASTHEAD_EMBED_THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024
MASTHEAD_EMBED_THUMBNAIL_MAX_PIXELS = 4096 * 4096
# Whether those reads may go to loopback or private addresses (tests and proxies only).
MASTHEAD_EMBED_ALLOW_PRIVATE_ADDRESSES = False

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
        # Uploaded media from MASTHEAD_MEDIA_URL when it is on another host.
        "img-src": ["'self'", "data:", *([origin(MEDIA_URL)] if "://" in MEDIA_URL else [])],
        "media-src": ["'self'", *([origin(MEDIA_URL)] if "://" in MEDIA_URL else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # The embeds' players, framed only after the reader presses "Load".
        "frame-src": sorted({origin(p["player"]) for p in MASTHEAD_EMBED_PROVIDERS.values()}),
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
