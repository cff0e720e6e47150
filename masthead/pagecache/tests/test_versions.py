"""The version stores: a change makes older pages stale, and only pages sharing its tags."""

import os

import pytest

from masthead.pagecache.store import Entry, LocalEntries, PageCache, Representation
from masthead.pagecache.versions import RedisVersions, SharedFileVersions, slots_of


def redis_url() -> str:
    import redis

    url = os.environ.get("MASTHEAD_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not answering at {url}; the machine is meant to run one.")
    return url


@pytest.fixture(params=["file", "redis"])
def versions(request, tmp_path):
    if request.param == "file":
        yield SharedFileVersions(tmp_path / "versions")
        return
    store = RedisVersions(redis_url(), prefix=f"masthead-test:{os.getpid()}")
    store.reset()
    yield store
    store.client.delete(*store.keys)


def entry(slots, epoch) -> Entry:
    return Entry("200 OK", Representation([], b"page", '"e"'), None, "date", slots, epoch)


class TestVersions:
    def test_a_bump_moves_the_epoch_and_its_tags_past_every_earlier_render(self, versions):
        before = versions.epoch()
        after = versions.bump(["page:1", "tag:ports"])
        assert after > before and versions.epoch() == after
        assert versions.newest(slots_of(["page:1"])) == after

    def test_untouched_tags_keep_their_version(self, versions):
        versions.bump(["page:1"])
        rendered = versions.epoch()
        versions.bump(["page:2"])
        assert versions.newest(slots_of(["page:1"])) <= rendered

    def test_a_reset_makes_everything_older_stale(self, versions):
        rendered = versions.epoch()
        versions.reset()
        assert versions.newest(slots_of(["anything"])) > rendered

    def test_a_new_file_starts_after_anything_cached_before(self, tmp_path):
        first = SharedFileVersions(tmp_path / "versions")
        rendered = first.bump(["page:1"])
        (tmp_path / "versions").unlink()
        second = SharedFileVersions(tmp_path / "versions")
        assert second.newest(slots_of(["page:9"])) > rendered


class TestLookups:
    @pytest.fixture
    def cache(self, tmp_path):
        return PageCache(SharedFileVersions(tmp_path / "v"), LocalEntries(10_000), shared=False)

    def test_a_page_stays_valid_until_one_of_its_tags_changes(self, cache):
        cache.store("/a", entry(slots_of(["page:1"]), cache.versions.epoch()))
        cache.versions.bump(["page:2"])
        assert cache.lookup("/a") is not None
        cache.versions.bump(["page:1"])
        assert cache.lookup("/a") is None

    def test_a_page_rendered_during_a_change_is_never_served(self, cache):
        rendered_epoch = cache.versions.epoch()  # the render starts
        cache.versions.bump(["page:1"])  # a change commits meanwhile
        cache.store("/a", entry(slots_of(["page:1"]), rendered_epoch))
        assert cache.lookup("/a") is None

    def test_memory_is_bounded_and_the_oldest_page_goes_first(self):
        local = LocalEntries(max_bytes=10)
        local.put("/a", entry((), 1))
        local.put("/b", entry((), 1))
        local.put("/c", entry((), 1))
        assert local.get("/a") is None and local.get("/c") is not None
        assert local.bytes <= 10
