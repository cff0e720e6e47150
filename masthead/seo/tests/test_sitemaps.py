import xml.etree.ElementTree as ET
from datetime import timedelta

from django.utils import timezone

from wagtail.models import PageViewRestriction

from masthead.news.tests.factories import ArticlePageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_sitemap_lists_exactly_the_public_pages_with_lastmod(client, section, home):
    ArticlePageFactory(parent=section, slug="public")
    ArticlePageFactory(parent=section, slug="draft", live=False)
    private = ArticlePageFactory(parent=section, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    content = client.get("/sitemap.xml").content
    assert b"hreflang" not in content  # the interface languages are not translations
    root = ET.fromstring(content)
    urls = root.findall(f"{SITEMAP}url")
    locations = {url.find(f"{SITEMAP}loc").text for url in urls}
    assert locations == {
        "http://localhost/",
        "http://localhost/world/",
        "http://localhost/world/public/",
    }
    assert all(url.find(f"{SITEMAP}lastmod") is not None for url in urls)


def test_news_sitemap_follows_googles_schema_and_keeps_two_days(client, section):
    ArticlePageFactory(parent=section, slug="fresh", title="Fresh & new", language="zh-hans")
    ArticlePageFactory(
        parent=section, slug="stale", publication_date=timezone.now() - timedelta(days=3)
    )
    response = client.get("/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    (url,) = root.findall(f"{SITEMAP}url")
    assert url.find(f"{SITEMAP}loc").text == "http://localhost/world/fresh/"
    news = url.find(f"{NEWS}news")
    publication = news.find(f"{NEWS}publication")
    assert publication.find(f"{NEWS}name").text
    assert publication.find(f"{NEWS}language").text == "zh-cn"
    assert news.find(f"{NEWS}publication_date").text.startswith(str(timezone.now().year))
    assert news.find(f"{NEWS}title").text == "Fresh & new"


def test_robots_txt_points_at_both_sitemaps_and_keeps_bots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
