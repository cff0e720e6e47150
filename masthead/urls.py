from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# Private, never cached: the newsroom's admin and document downloads. They declare no
# page-cache dependencies, so the page cache never keeps them.
private_patterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Health probes (/healthz, /readyz): outside the language prefix, never cached.
    path("", include("masthead.core.urls")),
]

# Public and the same in every interface language: feeds, sitemaps and robots.txt, cached
# like the reader pages (the Google News sitemap, whose window moves with the clock, is
# not); in development, the uploaded files too.
public_patterns = [path("", include("masthead.seo.urls"))]
if settings.MASTHEAD_SERVE_MEDIA and not settings.MASTHEAD_MEDIA_STORAGE:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    public_patterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Reader pages, English at the root and every other interface language under its prefix.
# One language switch for both kinds, so they stay in one group, private first.
reader_patterns = i18n_patterns(
    # Private, never cached: a reader's comment post and form token.
    path("", include("masthead.comments.urls")),
    # Sign-up (private POST), signed-link pages (private), the archives (cached).
    path("", include("masthead.newsletters.urls")),
    # Public and cached: tag, author, archive and search pages, then Wagtail's page tree.
    path("", include("masthead.news.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

urlpatterns = [*private_patterns, *public_patterns, *reader_patterns]

# A database outage met outside a view (in a middleware) answers 503 too, not 500.
handler500 = "masthead.core.views.server_error"
