"""Version counters of what cached pages are built from, shared by all workers.

A cached page records the version of every dependency it was built from
("article:12", "category-list:3:en", "nav"…); a change bumps the versions of
what it touches, and a page whose recorded versions differ is rebuilt.
Versions only ever grow, so "unchanged" is a plain comparison.

Two stores, one per kind of cache:

- With REDIS_URL the versions are Redis keys next to the pages themselves,
  read with one MGET and bumped with one script, shared by every server.
- Without it, pages sit in each worker's own memory, so the versions must
  still be shared by the workers of one machine, and read on every hit for
  next to nothing. They live in a memory-mapped file under VAR_DIR: one
  64-bit counter per dependency at a fixed offset (articles, authors and tags
  by primary key, so no two dependencies share a counter and a bump throws
  nothing else away). A read is an aligned 8-byte load from shared memory,
  about a tenth of a microsecond, with no system call; a bump takes an
  exclusive flock for its few increments, so concurrent bumps never lose
  one. A database query per hit, a socket to a helper process or a SQLite
  file would each cost tens to hundreds of microseconds on the hot path.
  The file is sparse: only the pages holding used counters take memory.

Both stores also keep the "global sequence" (bumped with every change, so a
page rendered while something changed is not stored) and the time at which
the next scheduled article goes live.
"""

import fcntl
import mmap
import os
import secrets
import threading
import zlib
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# Special counters, by id in either store.
SEQUENCE = "~sequence"
GO_LIVE = "~go-live"
# Next go-live time, in microseconds since the epoch: UNKNOWN until read
# from the database once, NONE_SCHEDULED when no article waits.
UNKNOWN = 0
NONE_SCHEDULED = 2**63 - 1

_LANGUAGE_SLOTS = 8


class FileVersions:
    """Counters in a memory-mapped file shared by the processes of one machine."""

    # Fixed slots, then one region per kind of dependency, indexed by pk.
    _FIXED = {SEQUENCE: 0, GO_LIVE: 1, "all": 2, "nav": 3, "site": 4}
    _LISTS = 16  # "list:<language>", one slot per language
    _REGIONS = {
        "category-list": (32, 4096 * _LANGUAGE_SLOTS),
        "article": (1 << 16, 1 << 22),
        "author": ((1 << 16) + (1 << 22), 1 << 20),
        "author-list": ((1 << 16) + (1 << 22) + (1 << 20), 1 << 20),
        "tag": ((1 << 16) + (1 << 22) + (2 << 20), 1 << 20),
        "tag-list": ((1 << 16) + (1 << 22) + (3 << 20), 1 << 20),
    }
    # Anything else (or a pk beyond its region) is hashed into this region;
    # two keys sharing a slot only ever cost an extra rebuild.
    _HASHED = ((1 << 16) + (1 << 22) + (4 << 20), 1 << 16)
    SLOTS = _HASHED[0] + _HASHED[1]

    def __init__(self, path: Path):
        self.path = Path(path)
        self._pid = None
        self._lock = threading.Lock()

    def _open(self):
        # Reopened after a fork: flock() would not exclude a process sharing
        # the parent's open file.
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            size = self.SLOTS * 8
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            self._fd = fd
            self._map = mmap.mmap(fd, size, mmap.MAP_SHARED)
            self._counters = memoryview(self._map).cast("Q")
            self._pid = os.getpid()

    def ids(self, keys) -> tuple:
        return tuple(self._slot(key) for key in keys)

    def _slot(self, key: str) -> int:
        if key in self._FIXED:
            return self._FIXED[key]
        kind, _, rest = key.partition(":")
        if kind == "list":
            codes = [code for code, _name in settings.LANGUAGES]
            if rest in codes and codes.index(rest) < _LANGUAGE_SLOTS:
                return self._LISTS + codes.index(rest)
        elif kind in self._REGIONS:
            base, size = self._REGIONS[kind]
            number, _, language = rest.partition(":")
            if number.isdigit():
                index = int(number)
                if kind == "category-list":
                    codes = [code for code, _name in settings.LANGUAGES]
                    if language not in codes[:_LANGUAGE_SLOTS]:
                        index = size
                    else:
                        index = index * _LANGUAGE_SLOTS + codes.index(language)
                if index < size:
                    return base + index
        base, size = self._HASHED
        return base + zlib.crc32(key.encode()) % size

    def read(self, ids) -> list[int]:
        self._open()
        if len(ids) < 2:
            return [self._counters[slot] for slot in ids]
        # itemgetter reads the slots in one call: every hit reads twenty.
        return list(itemgetter(*ids)(self._counters))

    def snapshot(self, ids) -> list[int]:
        return self.read(ids)

    def bump(self, keys) -> None:
        self._open()
        sequence = self._FIXED[SEQUENCE]
        slots = set(self.ids(keys)) - {sequence}
        counters = self._counters
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            # The sequence first: a page that read any of these counters
            # after its bump also sees the sequence moved, and is not stored.
            counters[sequence] += 1
            for slot in slots:
                counters[slot] += 1
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def go_live(self) -> int:
        self._open()
        return self._counters[self._FIXED[GO_LIVE]]

    def set_go_live(self, value: int, *, only_earlier: bool = False) -> None:
        self._open()
        slot = self._FIXED[GO_LIVE]
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            current = self._counters[slot]
            if not only_earlier or current == UNKNOWN or value < current:
                self._counters[slot] = value
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)


# Bump: increment a key that exists, start a missing one (never created, or
# evicted) at a random value so it cannot match a version recorded earlier.
_BUMP = """
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('INCR', key)
  else
    redis.call('SET', key, ARGV[i])
  end
end
"""
_SNAPSHOT = """
local values = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[i], 'NX')
  values[i] = redis.call('GET', key)
end
return values
"""
_SET_GO_LIVE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[2] == '0' or current == 0 or tonumber(ARGV[1]) < current then
  redis.call('SET', KEYS[1], ARGV[1])
end
"""


class RedisVersions:
    """Counters as Redis keys beside the cached pages, shared by every server."""

    def __init__(self, alias: str = "default"):
        self.alias = alias

    def _client(self):
        from django_redis import get_redis_connection

        return get_redis_connection(self.alias)

    def _key(self, key: str) -> str:
        from django.core.cache import caches

        return caches[self.alias].make_key("pcv:" + key)

    def ids(self, keys) -> tuple:
        return tuple(self._key(key) for key in keys)

    def read(self, ids) -> list[int | None]:
        return [
            None if value is None else int(value) for value in self._client().mget(ids)
        ]

    def snapshot(self, ids) -> list[int]:
        starts = [_random_start() for _ in ids]
        values = self._client().eval(_SNAPSHOT, len(ids), *ids, *starts)
        return [int(value) for value in values]

    def bump(self, keys) -> None:
        ids = [self._key(SEQUENCE), *dict.fromkeys(self.ids(keys))]
        starts = [_random_start() for _ in ids]
        self._client().eval(_BUMP, len(ids), *ids, *starts)

    def go_live(self) -> int:
        value = self._client().get(self._key(GO_LIVE))
        return UNKNOWN if value is None else int(value)

    def set_go_live(self, value: int, *, only_earlier: bool = False) -> None:
        self._client().eval(
            _SET_GO_LIVE, 1, self._key(GO_LIVE), value, int(only_earlier)
        )


def _random_start() -> int:
    return secrets.randbits(48)


_stores: dict = {}
_store = None


def get_store():
    """Return the store matching the default cache: Redis, or the shared file."""
    global _store
    if _store is not None:  # asked on every hit
        return _store
    default, path = settings.CACHES["default"], settings.PAGE_CACHE_VERSIONS_FILE
    if default["BACKEND"].startswith("django_redis."):
        key = ("redis", default.get("LOCATION"))
        factory = RedisVersions
    else:
        key = ("file", str(path))
        factory = lambda: FileVersions(Path(path))  # noqa: E731
    store = _stores.get(key)
    if store is None:
        store = _stores.setdefault(key, factory())
    _store = store
    return store


@receiver(setting_changed)
def _forget_store(**kwargs) -> None:
    global _store
    _store = None
