"""MASTHEAD_MEDIA_STORAGE: local disk by default, an S3 bucket and prefix when named."""

from django.core.exceptions import ImproperlyConfigured

import pytest

from masthead.core.storage import SharedMediaStorage
from masthead.settings.base import media_storage


def test_local_disk_is_the_default():
    assert media_storage("", "") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_s3_url_names_the_bucket_and_prefix():
    assert media_storage("s3://newsroom-media/site/uploads/", "https://cdn.example/m/") == {
        "BACKEND": "masthead.core.storage.SharedMediaStorage",
        "OPTIONS": {
            "bucket_name": "newsroom-media",
            "location": "site/uploads",
            "media_url": "https://cdn.example/m/",
        },
    }


@pytest.mark.parametrize(
    ("storage", "media_url", "message"),
    [
        ("/var/media", "https://cdn.example/", "expected s3://bucket/prefix"),
        ("s3:///prefix", "https://cdn.example/", "expected s3://bucket/prefix"),
        ("s3://bucket/prefix", "", "Set MASTHEAD_MEDIA_URL"),
        ("s3://bucket/prefix", "https://cdn.example", "Set MASTHEAD_MEDIA_URL"),
    ],
)
def test_a_wrong_setting_stops_the_start_with_what_to_set(storage, media_url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage(storage, media_url)


def test_files_are_addressed_under_the_media_url_unsigned_and_never_overwritten():
    storage = SharedMediaStorage(
        bucket_name="newsroom-media", location="site", media_url="https://cdn.example/m/"
    )
    assert (
        storage.url("images/a photo.width-800.jpg")
        == "https://cdn.example/m/images/a%20photo.width-800.jpg"
    )
    assert storage.querystring_auth is False
    assert storage.file_overwrite is False
