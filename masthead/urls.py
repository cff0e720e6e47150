from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# Private: the newsroom's admin and document downloads, never cached for the public.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Feeds, sitemaps and robots.txt are the same in every interface language.
    path("", include("masthead.seo.urls")),
]

if getattr(settings, "MASTHEAD_SERVE_MEDIA", False):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Public reader pages: English at the root, every other interface language under its prefix.
urlpatterns += i18n_patterns(
    path("", include("masthead.comments.urls")),
    path("", include("masthead.news.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
