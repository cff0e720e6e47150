"""Proxies in front are told which paths changed, after the change commits."""

import hashlib

import pytest

from masthead.pagecache import purge
from masthead.pagecache.invalidation import site_changed


@pytest.fixture
def nginx_cache(settings, tmp_path):
    settings.MASTHEAD_NGINX_CACHE_DIR = str(tmp_path)
    settings.MASTHEAD_PAGE_PURGERS = ["masthead.pagecache.purge.purge_nginx"]
    purge.purgers.cache_clear()
    yield tmp_path
    purge.purgers.cache_clear()


def nginx_file(cache_dir, key: str):
    """Where nginx itself puts a key with levels=1:2, written out independently."""
    digest = hashlib.md5(key.encode()).hexdigest()  # noqa: S324 - nginx's own choice
    path = cache_dir / digest[31] / digest[29:31] / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("cached")
    return path


def test_nginx_keeps_files_where_masthead_deletes_them(tmp_path):
    key = "httpsnews.example.org/world/talks/"
    assert purge.nginx_cache_file(tmp_path, key) == nginx_file(tmp_path, key)


def test_a_site_wide_change_purges_the_front_page_feeds_and_sitemaps(
    nginx_cache, home, django_capture_on_commit_callbacks
):
    paths = ("/", "/fr/", "/feeds/site/all/atom.xml", "/sitemap.xml", "/news-sitemap.xml")
    copies = [nginx_file(nginx_cache, f"httplocalhost{path}") for path in paths]
    untouched = nginx_file(nginx_cache, "httplocalhost/world/")
    with django_capture_on_commit_callbacks(execute=True):
        site_changed()
    assert not any(copy.exists() for copy in copies)
    assert untouched.exists()


def test_a_failing_purger_is_logged_not_raised(settings, caplog):
    settings.MASTHEAD_PAGE_PURGERS = ["masthead.pagecache.tests.test_purge.broken_purger"]
    purge.purgers.cache_clear()
    purge.purge_paths(["/"])
    purge.purgers.cache_clear()
    assert "failed" in caplog.text


def broken_purger(paths):
    raise OSError("the CDN is down")
