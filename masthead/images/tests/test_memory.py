"""A worker makes one rendition at a time, and hands large freed blocks back."""

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile

from wagtail.images.models import Filter

import pytest

from conftest import restore_wagtail_root
from masthead.images.memory import return_large_blocks
from masthead.images.models import NewsImage

from .test_uploads import picture


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_large_blocks_are_handed_back_on_glibc():
    assert return_large_blocks(128 * 1024) is True
    assert return_large_blocks(0) is False


@pytest.mark.django_db(transaction=True)
def test_threads_asking_for_renditions_at_once_make_them_one_at_a_time(monkeypatch):
    restore_wagtail_root()  # an earlier transactional test may have emptied the tables
    images = [
        NewsImage.objects.create(title=f"p{n}", file=ContentFile(picture(), f"lock-{n}.jpg"))
        for n in range(3)
    ]
    running, most = [0], [0]
    guard = threading.Lock()
    make = Filter.run

    def counted(self, image, output, source=None):
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)  # long enough for the other threads to arrive
        try:
            return make(self, image, output, source=source)
        finally:
            with guard:
                running[0] -= 1

    monkeypatch.setattr(Filter, "run", counted)
    with ThreadPoolExecutor(3) as pool:
        made = list(pool.map(lambda image: image.get_rendition("width-60|format-webp"), images))
    assert len(made) == 3
    assert most[0] == 1
