"""The body's media blocks as readers get them: lists, gallery, table, pull quote, link card,
document and video, each in its own accessible markup with no inline style."""

from html.parser import HTMLParser

from django.core.files.base import ContentFile

from wagtail.blocks import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model

import pytest

from masthead.editorial.checks import draft_from_stream, image_alt_text
from masthead.news.blocks import ArticleBodyBlock
from masthead.news.blocks_media import VideoBlock
from masthead.news.tests.factories import ArticlePageFactory, NewsImageFactory

PARAGRAPH = {"type": "paragraph", "value": "<p>The council met on Monday.</p>"}


def document(name: str, content: bytes = b"data"):
    doc = get_document_model()(title=name, file=ContentFile(content, name=name))
    doc._set_document_file_metadata()
    doc.save()
    return doc


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def body_of(client, article) -> tuple[str, list[tuple[str, dict]]]:
    html = client.get(article.url).content.decode()
    body = html[html.index('<div class="article__body">') : html.index("</article>")]
    parser = Elements()
    parser.feed(body)
    return body, parser.elements


def article_with(section, *blocks):
    return ArticlePageFactory(parent=section, body=[PARAGRAPH, *blocks])


@pytest.mark.django_db
class TestBlocks:
    def test_bulleted_and_numbered_lists(self, section, client):
        items = {"items": ["<p>Water</p>", "<p><b>Rice</b></p>"]}
        article = article_with(
            section,
            {"type": "bulleted_list", "value": items},
            {"type": "numbered_list", "value": items},
        )
        html, _elements = body_of(client, article)
        assert '<ul class="body-list"><li><p>Water</p></li><li><p><b>Rice</b></p></li></ul>' in html
        assert '<ol class="body-list"><li><p>Water</p></li>' in html

    def test_a_gallery_shows_each_picture_with_its_caption_and_credit(self, section, client):
        first = NewsImageFactory(description="Boats", caption="At the quay.", credit="A. Lens")
        second = NewsImageFactory(description="Nets", caption="", credit="")
        images = [
            {"image": first.pk, "alt_text": "", "caption": "", "credit": ""},
            {"image": second.pk, "alt_text": "Nets drying", "caption": "Drying.", "credit": "B"},
        ]
        article = article_with(
            section, {"type": "gallery", "value": {"title": "The harbour", "images": images}}
        )
        html, elements = body_of(client, article)
        alts = [attrs["alt"] for tag, attrs in elements if tag == "img"]
        assert alts == ["Boats", "Nets drying"]
        assert 'aria-label="The harbour"' in html
        assert 'At the quay. <span class="credit">A. Lens</span>' in html
        assert 'Drying. <span class="credit">B</span>' in html

    def test_a_table_has_its_caption_and_a_header_row(self, section, client):
        table = {
            "data": [["Quarter", "Paid in"], ["First", "120"], ["Second", None]],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": "Reserve fund",
        }
        article = article_with(section, {"type": "table", "value": table})
        html, elements = body_of(client, article)
        assert "<caption>Reserve fund</caption>" in html
        assert (
            '<thead><tr><th scope="col">Quarter</th><th scope="col">Paid in</th></tr></thead>'
            in html
        )
        assert '<tr><th scope="row">First</th><td>120</td></tr>' in html
        assert '<tr><th scope="row">Second</th><td></td></tr>' in html
        region = dict(elements)["div"]
        assert (region["role"], region["tabindex"]) == ("region", "0")

    def test_a_pull_quote_is_hidden_from_screen_readers_as_it_repeats_the_text(
        self, section, client
    ):
        quote = {"text": "We will review it every quarter.", "attribution": "The council"}
        article = article_with(section, {"type": "pull_quote", "value": quote})
        html, _elements = body_of(client, article)
        assert '<aside class="pull-quote" aria-hidden="true">' in html
        assert "We will review it every quarter." in html

    def test_a_related_article_card_links_to_a_live_article_only(self, section, client):
        other = ArticlePageFactory(
            parent=section, title="The budget explained", featured_image=NewsImageFactory()
        )
        draft = ArticlePageFactory(parent=section, title="Not out yet", live=False)
        article = article_with(
            section,
            {"type": "related_article", "value": {"article": other.pk, "label": ""}},
            {"type": "related_article", "value": {"article": draft.pk, "label": ""}},
        )
        html, elements = body_of(client, article)
        assert f'<a href="{other.url}">The budget explained</a>' in html
        assert "Read also" in html
        assert "Not out yet" not in html
        assert [tag for tag, _attrs in elements].count("picture") == 1

    def test_a_document_link_says_its_type_and_size(self, section, client):
        pdf = document("summary.pdf", b"%PDF-1.4 " + b"x" * 2048)
        article = article_with(
            section, {"type": "document", "value": {"document": pdf.pk, "title": ""}}
        )
        html, _elements = body_of(client, article)
        assert f'<a href="{pdf.url}" download>summary.pdf</a>' in html
        assert "(PDF, 2.0\xa0KB)" in html

    def test_a_video_plays_its_own_files_with_a_poster_and_captions(self, section, client):
        mp4, webm, vtt = document("clip.mp4"), document("clip.webm"), document("clip.vtt")
        poster = NewsImageFactory(file__width=1280, file__height=720)
        video = {
            "title": "The quay at dawn",
            "mp4": mp4.pk,
            "webm": webm.pk,
            "poster": poster.pk,
            "captions": vtt.pk,
            "captions_language": "km",
            "caption": "",
            "credit": "C. Camera",
        }
        article = article_with(section, {"type": "video", "value": video})
        html, elements = body_of(client, article)
        tags = dict(elements)
        assert tags["video"]["preload"] == "none"
        assert tags["video"]["poster"].endswith(".jpg")
        assert (tags["video"]["width"], tags["video"]["height"]) == ("1280", "720")
        sources = [attrs for tag, attrs in elements if tag == "source"]
        assert [(s["src"], s["type"]) for s in sources] == [
            (mp4.url, "video/mp4"),
            (webm.url, "video/webm"),
        ]
        assert tags["track"] == {
            "kind": "captions",
            "src": vtt.url,
            "srclang": "km",
            "label": "Captions",
            "default": None,
        }
        assert 'The quay at dawn <span class="credit">C. Camera</span>' in html

    def test_no_block_writes_an_inline_style(self, section, client):
        article = article_with(
            section,
            {"type": "bulleted_list", "value": {"items": ["<p>One</p>"]}},
            {"type": "pull_quote", "value": {"text": "Said.", "attribution": ""}},
        )
        html, elements = body_of(client, article)
        assert all("style" not in attrs for _tag, attrs in elements)
        assert "<style" not in html


@pytest.mark.django_db
class TestVideoValidation:
    def value(self, **files):
        block = VideoBlock()
        data = {"title": "Clip", "poster": NewsImageFactory(), "captions_language": "en"}
        return block, block.to_python(
            {
                **{k: getattr(v, "pk", v) for k, v in data.items()},
                **{k: v.pk for k, v in files.items()},
            }
        )

    def test_a_video_without_a_file_is_refused(self):
        block, value = self.value()
        with pytest.raises(StructBlockValidationError) as refused:
            block.clean(value)
        assert "mp4" in refused.value.block_errors

    def test_files_of_the_wrong_type_are_refused_by_name(self):
        block, value = self.value(mp4=document("clip.webm"), captions=document("clip.srt"))
        with pytest.raises(StructBlockValidationError) as refused:
            block.clean(value)
        assert set(refused.value.block_errors) == {"mp4", "captions"}

    def test_one_webm_file_is_enough(self):
        block, value = self.value(webm=document("clip.webm"))
        assert block.clean(value)["webm"] is not None


@pytest.mark.django_db
class TestAltTextCheck:
    def body(self, *blocks):
        return StreamValue(ArticleBodyBlock(), list(blocks), is_lazy=True)

    def findings(self, *blocks):
        draft = draft_from_stream("Headline", "Dek", self.body(*blocks))
        return list(image_alt_text(draft))

    def test_a_body_image_takes_the_images_own_alt_text_when_it_has_none(self):
        image = NewsImageFactory(description="Boats")
        value = {"image": image.pk, "alt_text": "", "caption": "", "credit": ""}
        assert self.findings({"type": "image", "value": value}) == []

    def test_a_body_image_with_no_alt_text_anywhere_is_refused(self):
        image = NewsImageFactory(description="")
        value = {"image": image.pk, "alt_text": "", "caption": "", "credit": ""}
        assert self.findings({"type": "image", "value": value}) == ["Image 1 has no alt text."]

    def test_each_gallery_picture_needs_alt_text(self):
        with_alt, without = NewsImageFactory(description="Boats"), NewsImageFactory(description="")
        images = [
            {"image": with_alt.pk, "alt_text": "", "caption": "", "credit": ""},
            {"image": without.pk, "alt_text": "", "caption": "", "credit": ""},
        ]
        gallery = {"type": "gallery", "value": {"title": "", "images": images}}
        assert self.findings(gallery) == ["Image 2 has no alt text."]
