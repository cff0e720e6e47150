"""Rendered pages, kept in each process's memory and, with Redis, shared between servers."""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

from masthead.resilience.breaker import Unavailable

from .versions import RedisVersions, SharedFileVersions, Versions

SHARED_TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class Representation:
    """The bytes of a response in one encoding, with the headers that describe them."""

    headers: list[tuple[str, str]]
    body: bytes
    etag: str

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


@dataclass
class Entry:
    """One anonymous response, ready to be written to the socket as it is.

    Text is compressed once, when it is stored, so that every later reader whose browser
    accepts gzip gets the small copy without any work.
    """

    status: str
    plain: Representation
    gzipped: Representation | None
    last_modified: str
    slots: tuple[int, ...]
    rendered_epoch: int
    checked_epoch: int = field(default=-1, compare=False)

    @property
    def size(self) -> int:
        return self.plain.size + (self.gzipped.size if self.gzipped else 0)

    def representation(self, accept_encoding: str) -> Representation:
        if self.gzipped is not None and "gzip" in accept_encoding:
            return self.gzipped
        return self.plain


class LocalEntries:
    """A least-recently-used map of entries, bounded in bytes, safe across threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.bytes -= previous.size
            self._entries[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes and self._entries:
                _key, evicted = self._entries.popitem(last=False)
                self.bytes -= evicted.size

    def discard(self, key: str, entry: Entry) -> None:
        with self._lock:
            if self._entries.get(key) is entry:
                del self._entries[key]
                self.bytes -= entry.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


class PageCache:
    """Looks pages up and checks them against the versions of what they were built from."""

    def __init__(self, versions: Versions, local: LocalEntries, *, shared: bool):
        self.versions = versions
        self.local = local
        self.shared = shared

    @staticmethod
    def shared_key(key: str) -> str:
        return "pagecache:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()

    def lookup(self, key: str) -> Entry | None:
        entry = self.local.get(key)
        if entry is None and self.shared:
            entry = cache.get(self.shared_key(key))
            if entry is not None:
                self.local.put(key, entry)
        if entry is None:
            return None
        try:
            return self.checked(key, entry)
        except Unavailable:
            # While the versions are unreachable nothing can be checked, and no change can
            # be saved either (one that cannot bump them is rolled back, see
            # invalidation.py): the page as this process has it.
            return entry

    def checked(self, key: str, entry: Entry) -> Entry | None:
        """The entry if none of its dependencies moved since it was rendered."""
        epoch = self.versions.epoch()
        if entry.checked_epoch == epoch:
            return entry
        if epoch < entry.rendered_epoch or self.versions.newest(entry.slots) > entry.rendered_epoch:
            self.local.discard(key, entry)
            return None
        entry.checked_epoch = epoch
        return entry

    def store(self, key: str, entry: Entry) -> None:
        entry.checked_epoch = entry.rendered_epoch
        self.local.put(key, entry)
        if self.shared:
            cache.set(self.shared_key(key), entry, SHARED_TIMEOUT)

    def clear(self) -> None:
        self.local.clear()
        self.versions.reset()


@lru_cache(maxsize=1)
def page_cache() -> PageCache:
    """The process's page cache, built from the settings on first use."""
    redis_url = getattr(settings, "REDIS_URL", "")
    # The cache's KEY_PREFIX keeps apart sites (or test workers) that share one Redis.
    key_prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    versions: Versions = (
        RedisVersions(redis_url, prefix=":".join(filter(None, [key_prefix, "masthead:pagecache"])))
        if redis_url
        else SharedFileVersions(settings.DATA_DIR / "pagecache.versions")
    )
    local = LocalEntries(settings.MASTHEAD_PAGE_CACHE_MEMORY_MB * 1024 * 1024)
    return PageCache(versions, local, shared=bool(redis_url))
