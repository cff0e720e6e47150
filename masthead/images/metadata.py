"""Where a photo was taken stays with the newsroom: GPS out of originals and renditions.

A phone writes the place a picture was taken into its EXIF (the GPS block) and often its
XMP. A reader must never get it: renditions are written without any EXIF or XMP (their
pixels are already turned upright, so the orientation tag is not needed), and the
original an editor uploads loses its GPS block unless `MASTHEAD_IMAGES_KEEP_EXIF` says
otherwise. A JPEG original is rewritten losslessly, segment by segment: only the EXIF
segment changes and the XMP segment goes, the compressed picture is copied as it is.
"""

import io

from django.conf import settings

from wagtail.images.image_operations import FilterOperation
from wagtail.images.models import Filter

from PIL import ExifTags, Image

GPS_IFD = ExifTags.IFD.GPSInfo
EXIF_HEADER = b"Exif\x00\x00"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
# Pillow's keys for metadata that can say where or by whom; colour profiles stay.
READER_HIDDEN_INFO = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Raw profile type exif")
SOS, APP1 = 0xDA, 0xE1
STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}  # markers without a length


def keep_exif() -> bool:
    return getattr(settings, "MASTHEAD_IMAGES_KEEP_EXIF", False)


def has_gps(image: Image.Image) -> bool:
    return GPS_IFD in image.getexif()


def exif_without_gps(exif_bytes: bytes) -> bytes:
    exif = Image.Exif()
    exif.load(exif_bytes)
    exif.pop(GPS_IFD, None)
    return exif.tobytes()


def _jpeg_segments(data: bytes):
    """Yield (marker, segment bytes) up to the start of scan, then (None, the rest)."""
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == SOS:
            break
        if marker == 0xFF:  # a fill byte before the marker
            pos += 1
            continue
        if marker in STANDALONE_MARKERS:
            yield marker, data[pos : pos + 2]
            pos += 2
            continue
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        yield marker, data[pos:end]
        pos = end
    yield None, data[pos:]


def _jpeg_without_gps(data: bytes) -> bytes:
    out = bytearray(data[:2])
    for marker, segment in _jpeg_segments(data):
        if marker == APP1 and segment[4:10] == EXIF_HEADER:
            exif = exif_without_gps(segment[4:])
            segment = segment[:2] + (len(exif) + 2).to_bytes(2, "big") + exif
        elif marker == APP1 and segment[4:].startswith(XMP_HEADER):
            continue
        out += segment
    return bytes(out)


def _resaved_without_gps(image: Image.Image) -> bytes:
    """Formats other than JPEG are written again by Pillow (PNG stays lossless)."""
    out = io.BytesIO()
    options = {"exif": exif_without_gps(image.info["exif"]) if "exif" in image.info else b""}
    if "icc_profile" in image.info:
        options["icc_profile"] = image.info["icc_profile"]
    if image.format in ("WEBP", "AVIF"):
        options["quality"] = 90
    if getattr(image, "is_animated", False):
        options["save_all"] = True  # every frame, not the first alone
    image.save(out, image.format, **options)
    return out.getvalue()


def original_without_gps(data: bytes) -> bytes | None:
    """The upload's bytes without its GPS block and XMP, or None when it has no GPS."""
    with Image.open(io.BytesIO(data)) as image:
        if not has_gps(image):
            return None
        if image.format == "JPEG":
            return _jpeg_without_gps(data)
        return _resaved_without_gps(image)


class DropMetadata(FilterOperation):
    """The last step of every rendition: nothing from the original's EXIF or XMP."""

    def construct(self) -> None:
        pass

    def run(self, willow, image, env):
        pillow = willow.get_pillow_image()
        pillow.info = {k: v for k, v in pillow.info.items() if k not in READER_HIDDEN_INFO}
        return willow


class ReaderFilter(Filter):
    """A filter whose renditions carry no metadata, with the same spec and file names."""

    @property
    def filter_operations(self):
        return [*super().filter_operations, DropMetadata("drop-metadata")]
