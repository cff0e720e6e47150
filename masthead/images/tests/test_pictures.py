"""The `<picture>` an image shows as, and the renditions made before a reader asks."""

import io
from html.parser import HTMLParser

from django.core.files.base import ContentFile
from django.template import Context, Template

from wagtail.images.rect import Rect

import pytest
from PIL import Image as PILImage

from masthead.images.models import NewsImage, NewsRendition
from masthead.images.renditions import SHAPES, SOCIAL_SPEC, prepared_specs
from masthead.images.tasks import prepare_image_renditions
from masthead.images.templatetags.picture_tags import build_picture, srcset
from masthead.news.tests.factories import NewsImageFactory

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


def render(snippet: str, **context) -> str:
    return Template("{% load picture_tags %}" + snippet).render(Context(context))


def test_a_picture_offers_avif_then_webp_then_a_sized_jpeg_at_every_width():
    image = NewsImageFactory(file__width=1600, file__height=900, description="Boats at dawn")
    elements = parsed(render('{% picture image "wide" %}', image=image))
    tags = [tag for tag, _attrs in elements]
    assert tags == ["picture", "source", "source", "img"]
    (_, avif), (_, webp), (_, img) = elements[1:]
    assert (avif["type"], webp["type"]) == ("image/avif", "image/webp")
    for attrs, extension in ((avif, ".avif"), (webp, ".webp"), (img, ".jpg")):
        candidates = [c.split() for c in attrs["srcset"].split(", ")]
        assert [width for _url, width in candidates] == ["480w", "800w", "1200w"]
        assert all(url.endswith(extension) for url, _width in candidates)
        assert attrs["sizes"] == SHAPES["wide"].default_sizes
    assert (img["width"], img["height"]) == ("800", "450")
    assert img["alt"] == "Boats at dawn"
    assert img["loading"] == "lazy"
    assert "fetchpriority" not in img


def test_the_first_screens_picture_is_fetched_first_and_not_lazily():
    image = NewsImageFactory(file__width=1600, file__height=900)
    (img,) = [
        attrs
        for tag, attrs in parsed(
            render('{% picture image "wide" lazy=False priority=True %}', image=image)
        )
        if tag == "img"
    ]
    assert img["fetchpriority"] == "high"
    assert "loading" not in img


def test_alt_text_given_where_the_picture_is_used_wins_over_the_images_own():
    image = NewsImageFactory(description="The image's own words")
    html = render('{% picture image "body" alt="Words for this article" %}', image=image)
    assert 'alt="Words for this article"' in html
    assert "The image&#x27;s own words" not in html


def test_a_small_original_gives_only_the_widths_it_has_without_enlarging():
    image = NewsImageFactory(file__width=500, file__height=400)
    built = build_picture(image, "body")
    widths = [candidate.split()[1] for candidate in built.srcset.split(", ")]
    assert widths == ["480w", "500w"]
    assert (built.width, built.height) == (500, 400)


def test_fill_crops_follow_the_focal_point():
    """Red on the left, blue on the right, the focal point in the blue: a tall crop of the
    wide picture keeps the blue."""
    drawing = PILImage.new("RGB", (1600, 900), "red")
    drawing.paste("blue", (800, 0, 1600, 900))
    buffer = io.BytesIO()
    drawing.save(buffer, "PNG")
    image = NewsImageFactory(file=ContentFile(buffer.getvalue(), name="halves.png"))
    image.set_focal_point(Rect(1300, 300, 1500, 600))
    image.save()
    rendition = image.get_rendition("fill-300x600|format-jpeg")
    with rendition.file.open() as file, PILImage.open(file) as cropped:
        red, _green, blue = cropped.convert("RGB").getpixel((150, 300))
    assert blue > 200 and red < 50


def test_no_image_gives_no_markup():
    assert render('{% picture image "wide" %}', image=None) == ""


def test_srcset_lists_each_width_once():
    class Rendition:
        def __init__(self, width):
            self.width, self.url = width, f"/{width}.jpg"

    assert (
        srcset([Rendition(480), Rendition(500), Rendition(500)]) == "/480.jpg 480w, /500.jpg 500w"
    )


def test_an_uploaded_image_gets_its_featured_renditions_before_any_page_shows_it(
    settings, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_IMAGES_PREPARE_ON_UPLOAD = True
    with django_capture_on_commit_callbacks(execute=True):
        image = NewsImageFactory(file__width=1600, file__height=900)
    made = set(NewsRendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert made == set(prepared_specs())
    assert SOCIAL_SPEC in made


def test_the_preparing_task_makes_each_rendition_once(settings):
    image = NewsImageFactory(file__width=1600, file__height=900)
    assert prepare_image_renditions.call(image.pk) == len(prepared_specs())
    assert prepare_image_renditions.call(image.pk) == len(prepared_specs())
    assert NewsRendition.objects.filter(image=image).count() == len(prepared_specs())


def test_the_preparing_task_skips_a_deleted_image():
    assert prepare_image_renditions.call(987654) == 0


def test_a_page_showing_prepared_renditions_reads_them_without_making_any(
    django_assert_max_num_queries,
):
    """Wagtail keeps renditions in the cache: a page reads them from there, else in one query."""
    image = NewsImageFactory(file__width=1600, file__height=900)
    prepare_image_renditions.call(image.pk)
    image = NewsImage.objects.get(pk=image.pk)
    with django_assert_max_num_queries(1):
        build_picture(image, "wide")
    assert NewsRendition.objects.filter(image=image).count() == len(prepared_specs())
