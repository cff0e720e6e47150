"""Imported images meet the rules an editor's upload meets: readable, within the pixel
limit, and without the photographer's GPS position unless the newsroom keeps EXIF."""

import io

import pytest
from PIL import Image

from masthead.images.models import NewsImage
from masthead.images.tests.test_uploads import decompression_bomb, gps_exif, picture
from masthead.importers.services import ImportOptions, import_path

from .test_batch import HEAD

pytestmark = pytest.mark.django_db


def import_with_picture(tmp_path, name: str, data: bytes):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / name).write_bytes(data)
    body = f'<p>Text of the story.</p><img src="https://old.example.org/wp-content/uploads/{name}" alt="A bridge">'
    wxr = tmp_path / "pictures.xml"
    wxr.write_text(
        HEAD
        + "<item><title>Pictures</title><guid>p-1</guid><wp:post_id>1</wp:post_id>"
        + f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        + "<wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>",
        encoding="utf-8",
    )
    return import_path(wxr, options=ImportOptions(media_dir=uploads))


def stored_exif() -> Image.Exif:
    image = NewsImage.objects.get()
    with image.open_file() as file, Image.open(io.BytesIO(file.read())) as stored:
        return stored.getexif()


def test_an_imported_original_loses_its_gps(home, tmp_path):
    report = import_with_picture(tmp_path, "bridge.jpg", picture(exif=gps_exif().tobytes()))
    assert report.counts["created"] == 1
    exif = stored_exif()
    assert not exif.get_ifd(0x8825)
    assert exif[0x010F] == "Phone Maker"


def test_an_imported_original_keeps_its_gps_when_the_newsroom_keeps_exif(home, tmp_path, settings):
    settings.MASTHEAD_IMAGES_KEEP_EXIF = True
    import_with_picture(tmp_path, "bridge.jpg", picture(exif=gps_exif().tobytes()))
    assert stored_exif().get_ifd(0x8825)


def test_a_second_import_finds_the_image_it_cleaned(home, tmp_path):
    data = picture(exif=gps_exif().tobytes())
    import_with_picture(tmp_path, "bridge.jpg", data)
    (tmp_path / "uploads" / "bridge.jpg").unlink()
    (tmp_path / "uploads").rmdir()
    import_with_picture(tmp_path, "bridge.jpg", data)
    assert NewsImage.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (picture(size=(640, 480))[:-600], "damaged or incomplete"),
        (decompression_bomb(), "more pixels than MASTHEAD_IMAGES_MAX_PIXELS allows"),
        (b"<html><body>not a picture</body></html>", "not an image"),
    ],
    ids=["truncated", "decompression-bomb", "html"],
)
def test_an_unusable_image_is_left_out_with_its_reason(home, tmp_path, data, reason):
    report = import_with_picture(tmp_path, "bridge.jpg", data)
    assert report.counts["created"] == 1
    assert not NewsImage.objects.exists()
    (warning,) = report.items[0].warnings
    assert reason in warning and "bridge.jpg" in warning


def test_an_image_over_the_newsrooms_pixel_limit_is_left_out(home, tmp_path, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000
    report = import_with_picture(tmp_path, "bridge.jpg", picture(size=(120, 80)))
    assert not NewsImage.objects.exists()
    (warning,) = report.items[0].warnings
    assert "120×80: more pixels than MASTHEAD_IMAGES_MAX_PIXELS allows" in warning
