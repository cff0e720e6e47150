"""Uploaded media on an S3-compatible object store, served from MASTHEAD_MEDIA_URL."""

from django.utils.encoding import filepath_to_uri

from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class SharedMediaStorage(S3Storage):
    """django-storages' S3 storage whose files' addresses start with MASTHEAD_MEDIA_URL.

    Pages are cached and shared between readers, so the addresses are plain, never
    signed ones that expire: the objects must be readable at that URL (a CDN in front of
    the bucket, or a bucket policy allowing reads). An upload never replaces a file of
    the same name (Wagtail expects a new name), as on local disk.
    """

    def __init__(self, *, media_url: str, **options):
        options.setdefault("querystring_auth", False)
        options.setdefault("file_overwrite", False)
        super().__init__(**options)
        self.media_url = media_url

    def url(self, name, parameters=None, expire=None, http_method=None):
        return self.media_url + filepath_to_uri(clean_name(name)).lstrip("/")
