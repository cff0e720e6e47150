import json
from datetime import datetime
from urllib.parse import urlparse

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from masthead.core.models import SiteSettings
from masthead.news.models import ArticleAuthor
from masthead.news.tests.factories import ArticlePageFactory, AuthorFactory, NewsImageFactory

LEAD_URL = "/world/asean-us-dialogue-siem-reap-2025/"


def assert_news_article_shape(graph: dict) -> None:
    """What Google's article rich results require, and schema.org's types, checked by hand."""
    article = graph["NewsArticle"]
    assert isinstance(article["headline"], str) and 0 < len(article["headline"]) <= 110
    for key in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(article[key]).tzinfo is not None
    assert article["image"], "an article always has a picture"
    for picture in article["image"]:
        assert picture["@type"] == "ImageObject"
        assert urlparse(picture["url"]).scheme in ("http", "https")
        assert isinstance(picture["width"], int) and picture["width"] >= 696
        assert isinstance(picture["height"], int) and picture["height"] > 0
    assert article["author"]
    organization = {"@id": graph["NewsMediaOrganization"]["@id"]}
    for author in article["author"]:
        if author == organization:
            continue
        assert author["@type"] in ("Person", "Organization")
        assert author["name"] and urlparse(author["url"]).scheme in ("http", "https")
    assert article["publisher"] == organization


def json_ld(client, url: str) -> dict:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    (script,) = page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    return {item["@type"]: item for item in data["@graph"]}


def meta(client, url: str) -> dict:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    values = {}
    for tag in page.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            values.setdefault(key, []).append(tag.get("content"))
    values["canonical"] = [link["href"] for link in page.select("link[rel=canonical]")]
    values["hreflang"] = {
        link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")
    }
    return values


def test_article_json_ld_is_a_news_article_with_every_field(demo, client):
    graph = json_ld(client, LEAD_URL)
    article = graph["NewsArticle"]
    assert article["headline"].startswith("ASEAN and the United States")
    assert article["datePublished"] == "2025-04-22T10:00:00+00:00"
    assert article["dateModified"]
    assert article["author"] == [
        {
            "@type": "Organization",
            "name": "Masthead newsroom",
            "url": "http://127.0.0.1:8000/authors/newsroom-staff/",
        }
    ]
    # The demo's drawn picture, as the social card's JPEG.
    (picture,) = article["image"]
    assert picture["@type"] == "ImageObject"
    assert picture["url"].startswith("http://127.0.0.1:8000/media/images/demo-siem-reap")
    assert picture["url"].endswith(".fill-1200x675.format-jpeg.jpg")
    assert (picture["width"], picture["height"]) == (1200, 675)
    assert_news_article_shape(graph)
    assert article["publisher"]["@id"] == graph["NewsMediaOrganization"]["@id"]
    assert graph["NewsMediaOrganization"]["logo"]["url"].endswith("/static/logo.png")
    assert article["articleSection"] == "World"
    assert article["inLanguage"] == "en"
    assert article["mainEntityOfPage"].endswith(LEAD_URL)
    assert "aggregateRating" not in json.dumps(graph)
    crumbs = [item["name"] for item in graph["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Masthead", "World", article["headline"]]


def test_article_json_ld_and_opengraph_show_the_featured_image(section, client):
    image = NewsImageFactory(file__width=1600, file__height=1000)
    article = ArticlePageFactory(parent=section, featured_image=image)
    graph = json_ld(client, article.url)
    (picture,) = graph["NewsArticle"]["image"]
    rendition = image.get_rendition("fill-1200x675|format-jpeg")
    assert picture["url"] == "http://localhost" + rendition.url
    assert (picture["width"], picture["height"]) == (1200, 675)
    assert_news_article_shape(graph)
    values = meta(client, article.url)
    assert values["og:image"] == values["twitter:image"] == [picture["url"]]
    assert (values["og:image:width"], values["og:image:height"]) == (["1200"], ["675"])


def test_without_a_picture_the_sites_default_social_image_stands_in(section, client):
    site_settings = SiteSettings.for_site(section.get_site())
    site_settings.default_social_image = NewsImageFactory(file__width=2400, file__height=1260)
    site_settings.save()
    article = ArticlePageFactory(parent=section)
    rendition = site_settings.default_social_image.get_rendition("fill-1200x630|format-jpeg")
    expected = "http://localhost" + rendition.url
    (picture,) = json_ld(client, article.url)["NewsArticle"]["image"]
    assert (picture["url"], picture["width"], picture["height"]) == (expected, 1200, 630)
    for url in (article.url, "/", "/world/", "/tags/none/"):
        values = meta(client, url)
        if values:
            assert values["og:image"] == values["twitter:image"] == [expected], url
            assert values["twitter:card"] == ["summary_large_image"]


def test_the_shipped_social_image_is_1200_by_630(client):
    from django.contrib.staticfiles import finders

    from PIL import Image

    with Image.open(finders.find("social-default.png")) as image:
        assert image.size == (1200, 630) and image.format == "PNG"


def test_a_person_is_a_person_and_a_staff_byline_an_organization(section, client):
    article = ArticlePageFactory(parent=section)
    reporter = AuthorFactory(name="Dara Sok", slug="dara-sok")
    desk = AuthorFactory(name="The regional desk", slug="desk", is_organisation=True)
    ArticleAuthor.objects.create(page=article, author=reporter, sort_order=0)
    ArticleAuthor.objects.create(page=article, author=desk, sort_order=1)
    graph = json_ld(client, article.url)
    assert [(a["@type"], a["name"]) for a in graph["NewsArticle"]["author"]] == [
        ("Person", "Dara Sok"),
        ("Organization", "The regional desk"),
    ]
    assert_news_article_shape(graph)


def test_the_snippet_editor_offers_the_staff_byline_choice(admin_client, home):
    author = AuthorFactory()
    url = reverse("wagtailsnippets_news_author:edit", args=(author.pk,))
    assert 'name="is_organisation"' in admin_client.get(url).content.decode()
    data = {"name": author.name, "slug": author.slug, "is_organisation": "on"}
    assert admin_client.post(url, data).status_code == 302
    author.refresh_from_db()
    assert author.is_organisation


def test_the_site_settings_offer_a_default_social_image(admin_client, home):
    url = reverse("wagtailsettings:edit", args=("core", "sitesettings", home.get_site().pk))
    assert 'name="default_social_image"' in admin_client.get(url).content.decode()


def test_social_profiles_are_the_organizations_same_as_on_every_page(demo, client):
    for url in ("/", "/world/", LEAD_URL):
        same_as = json_ld(client, url)["NewsMediaOrganization"]["sameAs"]
        assert "https://t.me/masthead_demo" in same_as and len(same_as) == 6


def test_section_page_json_ld_has_breadcrumbs(demo, client):
    graph = json_ld(client, "/world/")
    assert graph["CollectionPage"]["name"] == "World"
    assert [item["name"] for item in graph["BreadcrumbList"]["itemListElement"]] == [
        "Masthead",
        "World",
    ]


def test_front_page_json_ld_is_the_website(demo, client):
    assert json_ld(client, "/")["WebSite"]["name"] == "Masthead"


def test_article_metadata_for_social_networks(demo, client):
    values = meta(client, LEAD_URL)
    assert values["og:type"] == ["article"]
    assert values["og:title"][0].startswith("ASEAN")
    assert values["description"][0].startswith("Two days of talks")
    assert values["article:published_time"] == ["2025-04-22T10:00:00+00:00"]
    assert values["article:section"] == ["World"]
    assert "ASEAN" in values["article:tag"]
    assert values["twitter:card"] == ["summary_large_image"]
    (picture,) = values["og:image"]
    assert picture.startswith("http://127.0.0.1:8000/media/images/demo-siem-reap")
    assert picture.endswith(".fill-1200x675.format-jpeg.jpg")
    assert values["twitter:image"] == values["og:image"]
    assert (values["og:image:width"], values["og:image:height"]) == (["1200"], ["675"])


def test_an_interface_language_is_not_a_translation_of_the_article(demo, client):
    values = meta(client, "/fr" + LEAD_URL)
    assert values["canonical"] == ["http://127.0.0.1:8000/fr" + LEAD_URL]
    assert values["hreflang"] == {}
    assert values["og:locale"] == ["en"]
    assert "og:locale:alternate" not in values
    assert json_ld(client, "/fr" + LEAD_URL)["NewsArticle"]["inLanguage"] == "en"
    assert meta(client, "/fr/world/")["hreflang"] == {}


@pytest.fixture
def translated(section, settings):
    """An English article and its French translation, made as Wagtail's translate action does
    (the front page and section become French aliases of theirs)."""
    from django.core.cache import cache

    from wagtail.models import Locale

    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    english = ArticlePageFactory(parent=section, slug="harvest", language="en")
    french = english.copy_for_translation(
        Locale.objects.create(language_code="fr"), copy_parents=True
    )
    french.title, french.language = "La récolte", "fr"
    french.save_revision().publish()
    cache.clear()  # Wagtail keeps the site's root paths, which now include the French front page
    return english, french


def test_a_real_translation_is_named_as_an_alternate_in_both_versions(translated, client):
    english, french = translated
    expected = {
        "en": "http://localhost/world/harvest/",
        "fr": "http://localhost/fr/world/harvest/",
        "x-default": "http://localhost/world/harvest/",
    }
    assert french.get_full_url() == expected["fr"]
    for url in ("/world/harvest/", "/fr/world/harvest/"):
        assert meta(client, url)["hreflang"] == expected
    english_meta, french_meta = meta(client, "/world/harvest/"), meta(client, "/fr/world/harvest/")
    assert (english_meta["og:locale"], english_meta["og:locale:alternate"]) == (["en"], ["fr"])
    assert (french_meta["og:locale"], french_meta["og:locale:alternate"]) == (["fr"], ["en"])
    assert json_ld(client, "/fr/world/harvest/")["NewsArticle"]["inLanguage"] == "fr"


def test_a_copy_not_yet_translated_is_not_an_alternate(translated, client):
    english, french = translated
    french.language = "en"
    french.save_revision().publish()
    assert meta(client, "/world/harvest/")["hreflang"] == {}


def test_share_links_are_plain_links_to_each_network(demo, client):
    page = BeautifulSoup(client.get(LEAD_URL).content, "html.parser")
    links = {
        a["class"][1].removeprefix("share__link--"): a["href"] for a in page.select("nav.share a")
    }
    assert set(links) == {"telegram", "x", "facebook", "linkedin", "whatsapp", "email"}
    assert links["telegram"].startswith(
        "https://t.me/share/url?url=http%3A%2F%2F127.0.0.1%3A8000%2Fworld%2F"
    )
    assert links["email"].startswith("mailto:?subject=ASEAN")
    assert not page.select("script[src*='://']")


def test_headlines_longer_than_110_characters_are_cut_at_a_word():
    from masthead.seo.structured_data import headline

    assert headline("Short and sweet") == "Short and sweet"
    long = "word " * 40
    cut = headline(long)
    assert len(cut) <= 110 and cut.endswith("word…")
