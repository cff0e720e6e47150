import json

import pytest
from bs4 import BeautifulSoup

from masthead.demo.services import load_demo_site

LEAD_URL = "/world/asean-us-dialogue-siem-reap-2025/"


@pytest.fixture
def demo(db):
    load_demo_site()


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
            "@type": "Person",
            "name": "Masthead newsroom",
            "url": "http://127.0.0.1:8000/authors/newsroom-staff/",
        }
    ]
    assert article["publisher"]["@id"] == graph["NewsMediaOrganization"]["@id"]
    assert graph["NewsMediaOrganization"]["logo"]["url"].endswith("/static/logo.png")
    assert article["articleSection"] == "World"
    assert article["inLanguage"] == "en"
    assert article["mainEntityOfPage"].endswith(LEAD_URL)
    assert "aggregateRating" not in json.dumps(graph)
    crumbs = [item["name"] for item in graph["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Masthead", "World", article["headline"]]


def test_article_json_ld_lists_the_featured_image(section, client):
    from masthead.news.tests.factories import ArticlePageFactory, NewsImageFactory

    image = NewsImageFactory()
    article = ArticlePageFactory(parent=section, featured_image=image)
    (url,) = json_ld(client, article.url)["NewsArticle"]["image"]
    assert url.startswith("http://localhost/media/images/")
    assert url.endswith(image.get_rendition("fill-1200x675").url.rsplit("/", 1)[1])


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
    assert values["twitter:card"] == ["summary"]
    assert values["og:image"][0].endswith("/static/logo.png")


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

    from masthead.news.tests.factories import ArticlePageFactory

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
