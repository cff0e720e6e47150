"""Pictures and media blocks as Chromium shows them: the format and width it picks, lazy
loading, and axe on an article with every media block (gallery, table, video, embed)."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from masthead.demo.content import GALLERY_PICTURES, EmbedLink
from masthead.demo.services import demo_embed, demo_image
from masthead.news.models import ArticlePage, SectionPage
from masthead.news.tests.factories import ArticlePageFactory
from tests.browser.test_reader import assert_no_axe_violations

pytestmark = pytest.mark.browser

LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
GALLERY_PATH = "/culture/sample-temple-conservation-rainy-season/"
# The first view of a page makes its renditions (the test settings make none on upload):
# a few dozen AVIF, WebP and JPEG files, slow on a busy machine.
FIRST_RENDER = 120_000


def document(name: str, content: bytes):
    doc = get_document_model()(title=name, file=ContentFile(content, name=name))
    doc._set_document_file_metadata()
    doc.save()
    return doc


def every_block_article() -> ArticlePage:
    """A sample with each media block the body offers, under the demo's Economy section."""
    pictures = [demo_image(scene) for scene in GALLERY_PICTURES[:2]]
    gallery = [{"image": p.pk, "alt_text": "", "caption": "", "credit": ""} for p in pictures]
    vtt = document("clip.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nThe quay at dawn.\n")
    video = {
        "title": "The quay at dawn",
        "mp4": document("clip.mp4", b"\x00" * 64).pk,
        "webm": None,
        "poster": pictures[0].pk,
        "captions": vtt.pk,
        "captions_language": "en",
        "caption": "",
        "credit": "Masthead demo",
    }
    table = {
        "data": [["Quarter", "Paid in"], ["First", "120"], ["Second", "120"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Reserve fund",
    }
    embed = EmbedLink(
        url="https://vimeo.com/76979871",
        provider="vimeo",
        title="The quay at dusk",
        author_name="Masthead demo",
        picture=GALLERY_PICTURES[0].key,
    )
    lead = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
    return ArticlePageFactory(
        parent=SectionPage.objects.get(slug="economy"),
        title="Sample: every media block",
        slug="sample-every-media-block",
        featured_image=pictures[1],
        body=[
            {"type": "paragraph", "value": "<p>A sample with each media block.</p>"},
            {"type": "bulleted_list", "value": {"items": ["<p>One</p>", "<p>Two</p>"]}},
            {"type": "numbered_list", "value": {"items": ["<p>First</p>", "<p>Then</p>"]}},
            {"type": "gallery", "value": {"title": "The quay", "images": gallery}},
            {"type": "table", "value": table},
            {"type": "pull_quote", "value": {"text": "Every quarter.", "attribution": "Council"}},
            {"type": "related_article", "value": {"article": lead.pk, "label": ""}},
            {"type": "document", "value": {"document": document("a.pdf", b"%PDF").pk, "title": ""}},
            {"type": "video", "value": video},
            {"type": "embed", "value": demo_embed(embed, pictures[0]).as_dict()},
        ],
    )


def test_chromium_takes_the_avif_lead_picture_at_the_width_of_a_phone(demo_site, phone, artifacts):
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.goto(demo_site.url + LEAD_PATH, wait_until="load", timeout=FIRST_RENDER)
    lead = phone.locator(".featured-image img")
    lead.scroll_into_view_if_needed()
    phone.wait_for_function("document.querySelector('.featured-image img').complete")
    source = lead.evaluate("img => img.currentSrc")
    assert source.endswith(".avif"), source
    assert "fill-800x450" in source  # 343 CSS px at DPR 2 needs 686 device pixels
    box = lead.bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.02
    # The related articles' pictures are far below the first screen: not fetched yet.
    assert not [url for url in requested if "fill-360x240" in url or "fill-720x480" in url]
    phone.screenshot(path=str(artifacts / "article-picture-phone.png"))


def test_the_gallerys_pictures_load_as_the_reader_scrolls_to_them(demo_site, page, artifacts):
    page.goto(demo_site.url + GALLERY_PATH, wait_until="load", timeout=FIRST_RENDER)
    gallery = page.locator(".gallery")
    gallery.scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.gallery img')].every(img => img.complete && img.naturalWidth)"
    )
    sources = gallery.locator("img").evaluate_all("imgs => imgs.map(img => img.currentSrc)")
    assert len(sources) == 4 and all(src.endswith(".avif") for src in sources)
    gallery.screenshot(path=str(artifacts / "gallery.png"))
    page.screenshot(path=str(artifacts / "article-gallery.png"), full_page=True)


def test_axe_finds_no_violations_on_an_article_with_every_media_block(demo_site, page, artifacts):
    article = every_block_article()
    page.goto(demo_site.url + article.url, wait_until="load", timeout=FIRST_RENDER)
    assert page.locator(".gallery img").count() == 2
    assert page.locator(".body-table caption").inner_text() == "Reserve fund"
    assert page.locator("video track[kind=captions]").count() == 1
    assert page.locator(".embed button.embed__load").count() == 1
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.screenshot(path=str(artifacts / "article-every-media-block.png"), full_page=True)
    assert_no_axe_violations(page)
