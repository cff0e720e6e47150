"""Bad uploads through the admin's three image uploaders (the image form, the multiple
uploader and the chooser's upload tab): a clear message, never a 500, nothing stored."""

import html
import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Collection

import pytest
from PIL import Image

from masthead.images.models import NewsImage

pytestmark = pytest.mark.django_db


def picture(image_format: str = "JPEG", size=(120, 80), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(out, image_format, **options)
    return out.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Phone Maker"
    exif[0x0112] = 1  # orientation: upright
    exif.get_ifd(0x8769)[0x9003] = "2026:11:29 08:15:00"  # taken at
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (13.0, 24.0, 36.0), 3: "E", 4: (103.0, 52.0, 12.0)})
    return exif


def decompression_bomb() -> bytes:
    """A 225-megapixel PNG in about 30 KB: past twice Pillow's limit of 89 MP."""
    out = io.BytesIO()
    Image.new("1", (15_000, 15_000)).save(out, "PNG")
    return out.getvalue()


def upload_with_the_image_form(client, name: str, data: bytes) -> tuple[int, str]:
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Upload", "file": SimpleUploadedFile(name, data), "collection": root().pk},
    )
    return response.status_code, html.unescape(response.content.decode())


def upload_with_the_multiple_uploader(client, name: str, data: bytes) -> tuple[int, str]:
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, data)}
    )
    answer = response.json()
    return response.status_code, answer.get("error_message", str(answer))


def upload_with_the_chooser(client, name: str, data: bytes) -> tuple[int, str]:
    prefix = "image-chooser-upload-"
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            f"{prefix}title": "Upload",
            f"{prefix}file": SimpleUploadedFile(name, data),
            f"{prefix}collection": root().pk,
        },
    )
    answer = response.json()
    return response.status_code, html.unescape(answer.get("htmlFragment", str(answer)))


UPLOADERS = [
    upload_with_the_image_form,
    upload_with_the_multiple_uploader,
    upload_with_the_chooser,
]


def root() -> Collection:
    return Collection.get_first_root_node()


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("ed", "ed@example.com", "pw-long-enough")
    )
    return client


def stored_originals() -> list[str]:
    if not default_storage.exists("original_images"):
        return []
    return default_storage.listdir("original_images")[1]


BAD_UPLOADS = {
    "html named .png": (
        "page.png",
        lambda: b"<!doctype html><title>x</title><script>alert(1)</script>",
        "Upload a valid image",
    ),
    "PDF named .jpg": (
        "scan.jpg",
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "Upload a valid image",
    ),
    "text named .jpg": (
        "notes.jpg",
        lambda: b"Minutes of the council meeting.\n",
        "Upload a valid image",
    ),
    "PNG named .jpg": (
        "photo.jpg",
        lambda: picture("PNG"),
        "The extension does not match the file format (png)",
    ),
    "SVG": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "Not a supported image format. Supported formats: AVIF, GIF, JPG, JPEG, PNG, WEBP.",
    ),
    "SVG named .png": (
        "logo.png",
        lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "The extension does not match the file format (svg)",
    ),
    "cut-off JPEG": (
        "cut.jpg",
        lambda: picture(size=(640, 480), quality=95)[:1500],
        "This image is damaged or incomplete",
    ),
    "decompression bomb": (
        "bomb.png",
        decompression_bomb,
        "This file has too many pixels (unknown number).",
    ),
}


@pytest.mark.parametrize("uploader", UPLOADERS)
@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_upload_gets_a_clear_message_and_nothing_is_stored(editor, uploader, case):
    name, make, message = BAD_UPLOADS[case]
    before = stored_originals()
    status, answer = uploader(editor, name, make())
    assert status == 200
    assert message in answer
    assert not NewsImage.objects.exists()
    assert stored_originals() == before


@pytest.mark.parametrize("uploader", UPLOADERS)
@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000)
def test_masthead_own_pixel_limit_refuses_a_larger_picture(editor, uploader):
    status, answer = uploader(editor, "wide.png", picture("PNG", size=(1_600, 900)))
    assert status == 200
    assert "This file has too many pixels (1440000). Maximum pixels 1000000." in answer
    assert not NewsImage.objects.exists()


@pytest.mark.parametrize("uploader", UPLOADERS)
@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2_000)
def test_a_file_past_the_size_limit_is_refused(editor, uploader):
    data = picture(size=(400, 300), quality=95)
    assert len(data) > 2_000
    status, answer = uploader(editor, "big.jpg", data)
    assert status == 200
    assert "This file is too big" in answer
    assert "Maximum filesize 2.0\xa0KB" in answer
    assert not NewsImage.objects.exists()


def scan_data(jpeg: bytes) -> bytes:
    """The compressed picture: everything from the start-of-scan marker."""
    return jpeg[jpeg.index(b"\xff\xda") :]


@pytest.mark.parametrize("uploader", UPLOADERS)
def test_the_stored_original_loses_its_gps_and_keeps_its_pixels(editor, uploader):
    data = picture(size=(320, 240), exif=gps_exif().tobytes())
    status, _answer = uploader(editor, "quay.jpg", data)
    assert status in (200, 302)
    image = NewsImage.objects.get()
    with image.open_file() as stored:
        kept = stored.read()
    assert scan_data(kept) == scan_data(data)
    exif = Image.open(io.BytesIO(kept)).getexif()
    assert 0x8825 not in exif
    assert exif[0x010F] == "Phone Maker"
    assert exif.get_ifd(0x8769)[0x9003] == "2026:11:29 08:15:00"
    assert (image.width, image.height) == (320, 240)


def test_a_png_original_loses_its_gps_too(editor):
    data = picture("PNG", exif=gps_exif().tobytes())
    upload_with_the_image_form(editor, "chart.png", data)
    with NewsImage.objects.get().open_file() as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        assert 0x8825 not in kept.getexif()
        assert kept.getexif()[0x010F] == "Phone Maker"


@override_settings(MASTHEAD_IMAGES_KEEP_EXIF=True)
def test_the_gps_stays_in_the_original_when_the_newsroom_keeps_exif(editor):
    data = picture(exif=gps_exif().tobytes())
    upload_with_the_image_form(editor, "quay.jpg", data)
    with NewsImage.objects.get().open_file() as stored:
        assert stored.read() == data


def test_a_good_picture_is_stored(editor):
    status, _answer = upload_with_the_image_form(editor, "quay.jpg", picture())
    assert status == 302
    assert NewsImage.objects.get().title == "Upload"


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1_000)
def test_a_document_past_the_size_limit_is_refused(editor):
    from wagtail.documents import get_document_model

    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Budget",
            "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n" + b"0" * 2_000),
            "collection": root().pk,
        },
    )
    assert response.status_code == 200
    assert "This file is too big" in html.unescape(response.content.decode())
    assert not get_document_model().objects.exists()


def test_an_image_edited_without_a_new_file_keeps_its_file(editor):
    upload_with_the_image_form(editor, "quay.jpg", picture())
    image = NewsImage.objects.get()
    stored = image.file.name
    response = editor.post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {"title": "The quay", "description": "Boats", "collection": root().pk},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.title, image.file.name) == ("The quay", stored)
    assert default_storage.exists(stored)


def test_a_new_file_with_gps_replacing_an_images_file_loses_its_gps(editor):
    upload_with_the_image_form(editor, "quay.jpg", picture())
    image = NewsImage.objects.get()
    response = editor.post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {
            "title": "The quay",
            "collection": root().pk,
            "file": SimpleUploadedFile("quay2.jpg", picture(exif=gps_exif().tobytes())),
        },
    )
    assert response.status_code == 302
    with NewsImage.objects.get().open_file() as stored:
        assert 0x8825 not in Image.open(io.BytesIO(stored.read())).getexif()


def test_an_original_damaged_in_storage_costs_its_picture_not_the_page(caplog):
    from django.core.files.base import ContentFile
    from django.template import Context, Template

    from masthead.images.tasks import prepare_image_renditions

    whole = picture(size=(640, 480), quality=95)
    image = NewsImage.objects.create(title="cut", file=ContentFile(whole, "cut-later.jpg"))
    default_storage.delete(image.file.name)
    assert default_storage.save(image.file.name, ContentFile(whole[:1500])) == image.file.name
    page = Template('{% load picture_tags %}[{% picture image "wide" %}][{% poster_url image %}]')
    assert page.render(Context({"image": image})) == "[][]"
    assert prepare_image_renditions.call(image.pk) == 0
    assert "its file cannot be read" in caplog.text
