"""The admin's image form (upload, multiple upload, chooser upload): an upload is kept
only when every pixel can be read, and without the place it was taken.

Wagtail's own field has refused by then what is not an image, a file whose extension
does not match its format, a file past `WAGTAILIMAGES_MAX_UPLOAD_SIZE`, an image past
`WAGTAILIMAGES_MAX_IMAGE_PIXELS` or Pillow's decompression-bomb limit, and any extension
outside `WAGTAILIMAGES_EXTENSIONS` (SVG among them). It reads a cut-off or damaged file
only in part: some raise an error it does not catch (a 500), the others would pass and
fail later, when a rendition is made. Masthead's field reads every pixel.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image

from .metadata import keep_exif, original_without_gps

DAMAGED = _(
    "This image is damaged or incomplete: its pixels cannot be read. "
    "Save it again from a picture editor, or upload the original file."
)


def decodes(data: bytes) -> bool:
    """Whether the whole picture can be read. A JPEG is read at an eighth of its size
    (every block is still decoded), so a large photo costs little memory."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG":
                image.draft("RGB", (image.width // 8, image.height // 8))
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def read_upload(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


class NewsImageField(WagtailImageField):
    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except (OSError, SyntaxError, ValueError) as exc:  # Pillow on a damaged file
            raise ValidationError(DAMAGED, code="damaged_image") from exc
        if upload is not None and not decodes(read_upload(upload)):
            raise ValidationError(DAMAGED, code="damaged_image")
        return upload


class NewsImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # built per form, so it reads the settings of the day
            field = self.fields["file"]
            self.fields["file"] = NewsImageField(
                label=field.label, required=field.required, widget=field.widget
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not hasattr(upload, "image"):  # Wagtail's field marks a new upload this way
            return upload
        data = read_upload(upload)
        cleaned = None if keep_exif() else original_without_gps(data)
        if cleaned is None:
            return upload
        replacement = SimpleUploadedFile(upload.name, cleaned, upload.content_type)
        replacement.image = upload.image
        return replacement
