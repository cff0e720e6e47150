import json

from bs4 import BeautifulSoup

LEAD_URL = "/world/asean-us-dialogue-siem-reap-2025/"


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


def test_canonical_and_language_alternates(demo, client):
    values = meta(client, "/fr" + LEAD_URL)
    assert values["canonical"] == ["http://127.0.0.1:8000/fr" + LEAD_URL]
    assert values["hreflang"] == {
        "en": "http://127.0.0.1:8000" + LEAD_URL,
        "fr": "http://127.0.0.1:8000/fr" + LEAD_URL,
        "x-default": "http://127.0.0.1:8000" + LEAD_URL,
    }


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
