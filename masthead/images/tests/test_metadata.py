"""Renditions carry no EXIF or XMP: no GPS, no camera serial, to any reader."""

import io

from django.core.files.base import ContentFile

import pytest
from PIL import Image

from masthead.images.metadata import original_without_gps
from masthead.images.models import NewsImage

from .test_uploads import gps_exif, picture

pytestmark = pytest.mark.django_db

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="13,24.6N"/></rdf:RDF></x:xmpmeta>'
)


def image_with_gps(name: str, data: bytes) -> NewsImage:
    return NewsImage.objects.create(title=name, file=ContentFile(data, name=name))


@pytest.mark.parametrize("spec", ["jpeg", "png", "webp", "avif"])
def test_a_rendition_of_a_photo_with_gps_carries_no_gps(spec):
    exif = gps_exif()
    image = image_with_gps(f"gps-{spec}.jpg", picture(size=(400, 300), exif=exif, xmp=XMP))
    rendition = image.get_rendition(f"width-200|format-{spec}")
    with rendition.file.open() as f:
        made = Image.open(io.BytesIO(f.read()))
        made.load()
    assert made.size == (200, 150)
    assert 0x8825 not in made.getexif()
    assert len(made.getexif()) == 0
    assert "xmp" not in made.info and b"GPSLatitude" not in made.info.get("xmp", b"")


def test_a_rendition_of_a_turned_photo_is_upright_without_its_orientation_tag():
    exif = gps_exif()
    exif[0x0112] = 6  # the camera was held on its side: turn 90° clockwise to show
    image = image_with_gps("turned.jpg", picture(size=(400, 300), exif=exif))
    rendition = image.get_rendition("width-150|format-jpeg")
    with rendition.file.open() as f:
        made = Image.open(io.BytesIO(f.read()))
    assert made.size == (150, 200)
    assert len(made.getexif()) == 0


def test_an_original_without_gps_is_left_as_it_is():
    assert original_without_gps(picture()) is None
    assert original_without_gps(picture(exif=b"")) is None


def test_the_xmp_of_a_jpeg_with_gps_goes_with_its_gps_block():
    stripped = original_without_gps(picture(exif=gps_exif(), xmp=XMP))
    kept = Image.open(io.BytesIO(stripped))
    assert "xmp" not in kept.info
    assert 0x8825 not in kept.getexif()
    assert kept.getexif()[0x0112] == 1


def test_an_animated_webp_with_gps_keeps_every_frame():
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], exif=gps_exif())
    stripped = Image.open(io.BytesIO(original_without_gps(out.getvalue())))
    assert stripped.n_frames == 3
    assert 0x8825 not in stripped.getexif()
