"""Every picture readers see, read from the parsed HTML of the demo's pages: alt text, a
size, a srcset, AVIF and WebP sources; the first screen's picture eager, the rest lazy."""

from html.parser import HTMLParser

import pytest

from masthead.news.models import Author
from masthead.news.tests.factories import NewsImageFactory

LEAD = "/world/asean-us-dialogue-siem-reap-2025/"
GALLERY = "/culture/sample-temple-conservation-rainy-season/"
LISTINGS = ["/", "/world/", "/tags/sample/", "/authors/sample-writer/", "/search/?q=sample"]


class Pictures(HTMLParser):
    """Each <picture> with its sources and its <img>, and any <img> outside one."""

    def __init__(self):
        super().__init__()
        self.pictures: list[dict] = []
        self.loose_images: list[dict] = []
        self.open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "picture":
            self.open = {"sources": [], "img": None}
        elif tag == "source" and self.open is not None:
            self.open["sources"].append(attributes)
        elif tag == "img" and self.open is not None:
            self.open["img"] = attributes
            self.pictures.append(self.open)
        elif tag == "img":
            self.loose_images.append(attributes)

    def handle_endtag(self, tag):
        if tag == "picture":
            self.open = None


def pictures_on(client, url: str) -> Pictures:
    response = client.get(url)
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    parser = Pictures()
    parser.feed(content.decode())
    return parser


def assert_complete(picture: dict, url: str) -> None:
    img = picture["img"]
    assert img["alt"].strip(), url
    assert int(img["width"]) > 0 and int(img["height"]) > 0, url
    assert img["srcset"] and img["sizes"], url
    types = [source["type"] for source in picture["sources"]]
    assert types == ["image/avif", "image/webp"], url
    assert all(source["srcset"] and source["sizes"] for source in picture["sources"]), url


@pytest.fixture
def author_photo(demo):
    author = Author.objects.get(slug="sample-writer")
    author.photo = NewsImageFactory(description="Sample Writer, smiling", file__width=400)
    author.save()
    return author.photo


@pytest.mark.parametrize("url", [LEAD, GALLERY, *LISTINGS])
def test_every_picture_has_alt_text_a_size_a_srcset_and_avif_and_webp_sources(
    demo, author_photo, client, url
):
    page = pictures_on(client, url)
    assert page.pictures, url
    assert page.loose_images == [], url
    for picture in page.pictures:
        assert_complete(picture, url)


def test_the_articles_lead_picture_is_fetched_first_and_the_rest_lazily(demo, client):
    lead, *rest = pictures_on(client, GALLERY).pictures
    assert lead["img"]["fetchpriority"] == "high"
    assert "loading" not in lead["img"]
    assert len(rest) >= 4  # the gallery's and the related articles'
    assert all(picture["img"]["loading"] == "lazy" for picture in rest)
    assert all("fetchpriority" not in picture["img"] for picture in rest)


def test_the_front_pages_lead_story_picture_is_eager_and_the_teasers_lazy(demo, client):
    lead, *teasers = pictures_on(client, "/").pictures
    assert lead["img"]["fetchpriority"] == "high" and "loading" not in lead["img"]
    assert (lead["img"]["width"], lead["img"]["height"]) == ("800", "450")
    assert teasers and all(t["img"]["loading"] == "lazy" for t in teasers)
    assert {(t["img"]["width"], t["img"]["height"]) for t in teasers} == {("720", "480")}


def test_the_authors_photo_is_a_square_picture_with_its_alt_text(demo, author_photo, client):
    photo, *_teasers = pictures_on(client, "/authors/sample-writer/").pictures
    assert photo["img"]["class"] == "author-photo"
    assert photo["img"]["alt"] == "Sample Writer, smiling"
    assert photo["img"]["width"] == photo["img"]["height"]


def test_the_demo_gallery_credits_each_picture(demo, client):
    html = client.get(GALLERY).content.decode()
    gallery = html[
        html.index('<section class="gallery"') : html.index(
            "</section>", html.index('<section class="gallery"')
        )
    ]
    assert gallery.count("<figure") == 4
    assert (
        gallery.count('<span class="credit">Illustration: Masthead demo, drawn by code</span>') == 4
    )
