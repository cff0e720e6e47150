"""Where the page cache learns that something changed: a version for every dependency tag.

Versions come from one counter, the epoch. A change takes the next epoch and writes it
to each tag it touches; a cached page records the epoch read before it was rendered and
stays valid while none of its tags is newer than that. A page rendered while a change
was committing therefore always carries an older epoch than the change's tags.

A store starts (and restarts, if its file or its Redis keys are lost) from the current
time in microseconds, written to every slot, so whatever was cached before a restart is
older than every version and is never served again.

Tags are hashed into a fixed number of slots, so the store never grows with the archive;
two tags sharing a slot only ever cost an extra render, never a stale page.

Two stores:

- `SharedFileVersions` (the default, no server): a small memory-mapped file in the data
  directory, shared by every process of the host. Reading a version is a memory read,
  so a cache hit costs no I/O at all.
- `RedisVersions` (when Redis is configured): the same slots in a Redis hash, so app
  servers on several hosts agree; a hit costs one round trip to Redis. While Redis is
  unreachable every call raises `Unavailable` at once (its breaker is open), and
  callers go on without versions: see store.py and masthead/core/memo.py.
"""

import fcntl
import mmap
import os
import struct
import threading
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from masthead.resilience.cache import redis_breaker, redis_client

SLOTS = 1 << 16
SLOT = struct.Struct("<q")


def fresh_base() -> int:
    return time.time_ns() // 1000


def slot_of(tag: str) -> int:
    """A stable slot in 1..SLOTS-1 for a tag (slot 0 holds the epoch)."""
    return zlib.crc32(tag.encode()) % (SLOTS - 1) + 1


def slots_of(tags: Iterable[str]) -> tuple[int, ...]:
    return tuple(sorted({slot_of(tag) for tag in tags}))


class Versions(Protocol):
    def epoch(self) -> int: ...

    def newest(self, slots: tuple[int, ...]) -> int: ...

    def bump(self, tags: Iterable[str]) -> int: ...

    def reset(self) -> None: ...


class SharedFileVersions:
    """Versions in a memory-mapped file; writers take an exclusive lock on the file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._map: mmap.mmap | None = None
        self._fd: int | None = None
        self._lock = threading.Lock()
        # A forked worker maps the file afresh rather than share its parent's descriptor.
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._map, self._fd, self._lock = None, None, threading.Lock()

    def _mapped(self) -> mmap.mmap:
        mapped = self._map
        if mapped is None:
            with self._lock:
                if self._map is None:
                    self._open()
                mapped = self._map
        return mapped

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        size = SLOTS * SLOT.size
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
                os.pwrite(fd, SLOT.pack(fresh_base()) * SLOTS, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        self._fd, self._map = fd, mmap.mmap(fd, size)

    def epoch(self) -> int:
        return SLOT.unpack_from(self._mapped(), 0)[0]

    def newest(self, slots: tuple[int, ...]) -> int:
        mapped = self._mapped()
        return max((SLOT.unpack_from(mapped, slot * SLOT.size)[0] for slot in slots), default=0)

    def bump(self, tags: Iterable[str]) -> int:
        mapped = self._mapped()
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            epoch = SLOT.unpack_from(mapped, 0)[0] + 1
            # The tags first, then the epoch: a reader that sees the new epoch also sees
            # the tags it covers.
            for slot in slots_of(tags):
                SLOT.pack_into(mapped, slot * SLOT.size, epoch)
            SLOT.pack_into(mapped, 0, epoch)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        return epoch

    def reset(self) -> None:
        """Bump every slot: whatever was cached before is stale now."""
        mapped = self._mapped()
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            epoch = max(SLOT.unpack_from(mapped, 0)[0] + 1, fresh_base())
            mapped[:] = SLOT.pack(epoch) * SLOTS
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)


# Run atomically on the Redis server. Field "0" of the slots hash is the floor: a store
# that starts (or lost its keys) raises it above anything cached before.
START = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('HSET', KEYS[2], '0', ARGV[1])
end
"""
EPOCH_SCRIPT = START + "return redis.call('GET', KEYS[1])"
BUMP_SCRIPT = (
    START
    + """
local epoch = redis.call('INCR', KEYS[1])
for i = 2, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], epoch) end
return epoch
"""
)


class RedisVersions:
    def __init__(self, url: str, prefix: str = "masthead:pagecache"):
        self.client = redis_client(url)
        self.epoch_key = f"{prefix}:epoch"
        self.slots_key = f"{prefix}:slots"
        self.keys = [self.epoch_key, self.slots_key]
        self._bump = self.client.register_script(BUMP_SCRIPT)
        self._start = self.client.register_script(EPOCH_SCRIPT)

    def epoch(self) -> int:
        return redis_breaker.call(self._epoch)

    def _epoch(self) -> int:
        value = self.client.get(self.epoch_key)
        if value is None:
            value = self._start(keys=self.keys, args=[fresh_base()])
        return int(value)

    def newest(self, slots: tuple[int, ...]) -> int:
        fields = ["0", *(str(slot) for slot in slots)]
        values = redis_breaker.call(self.client.hmget, self.slots_key, fields)
        return max(int(value or 0) for value in values)

    def bump(self, tags: Iterable[str]) -> int:
        slots = [str(slot) for slot in slots_of(tags)]
        return int(redis_breaker.call(self._bump, keys=self.keys, args=[fresh_base(), *slots]))

    def reset(self) -> None:
        """Every page cached before is stale: the store starts again from the clock."""
        redis_breaker.call(self.client.delete, *self.keys)
        self.epoch()
