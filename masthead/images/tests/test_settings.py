"""The environment sets Wagtail's own upload limits, read once in settings/base.py."""

import os
import subprocess
import sys

NAMES = (
    "WAGTAILIMAGES_MAX_UPLOAD_SIZE",
    "WAGTAILIMAGES_MAX_IMAGE_PIXELS",
    "WAGTAILDOCS_MAX_UPLOAD_SIZE",
    "MASTHEAD_IMAGES_KEEP_EXIF",
    "MASTHEAD_IMAGES_MMAP_THRESHOLD",
)
VARIABLES = (
    "MASTHEAD_IMAGES_MAX_UPLOAD_BYTES",
    "MASTHEAD_IMAGES_MAX_PIXELS",
    "MASTHEAD_DOCUMENTS_MAX_UPLOAD_BYTES",
    "MASTHEAD_IMAGES_KEEP_EXIF",
    "MASTHEAD_IMAGES_MMAP_THRESHOLD",
)


def settings_with(**variables: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES} | variables
    code = f"from masthead.settings import base; print(*(getattr(base, n) for n in {NAMES}))"
    finished = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return finished.stdout.split()


def test_the_defaults():
    assert settings_with() == ["10485760", "50000000", "19922944", "False", "131072"]


def test_each_variable_sets_its_wagtail_setting():
    values = ["5000000", "12000000", "30000000", "1", "0"]
    assert settings_with(**dict(zip(VARIABLES, values, strict=True))) == [
        "5000000",
        "12000000",
        "30000000",
        "True",
        "0",
    ]
