from django.urls import path, re_path

from . import views

app_name = "seo"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    re_path(
        r"^feeds/(?P<kind>site|section|tag|author)/(?P<slug>[-\w]+)/(?P<flavour>rss|atom)\.xml$",
        views.feed,
        name="feed",
    ),
]
