from django.apps import AppConfig

from masthead.pagecache.purge import site_wide_paths_include


class SeoConfig(AppConfig):
    name = "masthead.seo"
    label = "seo"
    verbose_name = "Search engines and feeds"

    def ready(self) -> None:
        # The site's feeds and the sitemaps list every article, in one language: proxies
        # in front drop them with every change shown site-wide.
        site_wide_paths_include(
            "/feeds/site/all/rss.xml",
            "/feeds/site/all/atom.xml",
            "/sitemap.xml",
            "/news-sitemap.xml",
        )
