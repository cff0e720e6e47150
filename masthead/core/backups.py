"""Backups that restore a consistent site: the database, the media, and every cache told.

A backup is a directory: the database (SQLite copied through its online backup API, or
PostgreSQL's `pg_dump --format=custom`), the media as a tar archive, and manifest.json
saying what made it (versions, database vendor, applied migrations) with a checksum of
each file. Restoring refuses what this installation cannot take (another vendor, a newer
Masthead, a damaged file) before writing anything, then replaces the database and the
media and invalidates every cache layer: the page cache's versions (every process, on
the mmap file or Redis), Django's caches, and the proxies in front (the purge hook);
otherwise pages showing the content the restore removed would be served for hours.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from masthead.pagecache import invalidation, purge

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass(frozen=True)
class Report:
    directory: Path
    manifest: dict
    missing_migrations: tuple[str, ...] = ()


def masthead_version() -> str:
    return version("masthead")


def vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def applied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_directory() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.DATA_DIR) / "backups" / stamp


# Backing up.


def create_backup(directory: Path | None = None) -> Report:
    directory = Path(directory or default_directory())
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; back up into a new directory.")
    directory.mkdir(parents=True, exist_ok=True)
    database_file = directory / DATABASE_FILES[vendor()]
    migrations = applied_migrations()  # Before the copy: the dump has at least these.
    DUMPERS[vendor()](database_file)
    archive_media(directory / MEDIA_ARCHIVE)
    manifest = {
        "format": FORMAT,
        "masthead": masthead_version(),
        "django": version("django"),
        "wagtail": version("wagtail"),
        "vendor": vendor(),
        "migrations": migrations,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": {name: checksum(directory / name) for name in (database_file.name, MEDIA_ARCHIVE)},
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return Report(directory, manifest)


def dump_sqlite(target: Path) -> None:
    """A consistent copy while the site keeps serving (and writing): SQLite's backup API."""
    source = sqlite3.connect(settings_name())
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def dump_postgresql(target: Path) -> None:
    run_client("pg_dump", "--format=custom", f"--file={target}")


def archive_media(target: Path) -> None:
    """Every uploaded file under `media/`; an empty archive when nothing was uploaded yet."""
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w") as archive:
        if media.is_dir():
            archive.add(media, arcname="media")


# Restoring.


def restore_backup(directory: Path) -> Report:
    directory = Path(directory)
    manifest = read_manifest(directory)
    refuse_incompatible(manifest)
    verify_checksums(directory, manifest)
    paths_before = proxied_paths()
    RESTORERS[manifest["vendor"]](directory / DATABASE_FILES[manifest["vendor"]])
    restore_media(directory / MEDIA_ARCHIVE)
    invalidate_caches(paths_before)
    missing = tuple(sorted(known_migrations() - set(manifest["migrations"])))
    return Report(directory, manifest, missing)


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist: not a Masthead backup.") from None
    except ValueError as error:
        raise BackupError(f"{path} is not valid JSON ({error}).") from None


def refuse_incompatible(manifest: dict) -> None:
    """Refuse before writing anything: another vendor, a newer format or a newer schema."""
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not {FORMAT}.")
    if manifest.get("vendor") != vendor():
        raise BackupError(
            f"This backup is of a {manifest.get('vendor')} database; this site runs on "
            f"{vendor()}. Restore it on a {manifest.get('vendor')} installation."
        )
    unknown = sorted(set(manifest.get("migrations", [])) - known_migrations())
    if unknown:
        raise BackupError(
            f"This backup was made by Masthead {manifest.get('masthead')}, newer than the "
            f"installed {masthead_version()}: its database has {len(unknown)} migrations this "
            f"version does not know (first: {unknown[0]}). Upgrade Masthead, then restore."
        )


def verify_checksums(directory: Path, manifest: dict) -> None:
    for name, expected in manifest.get("files", {}).items():
        path = directory / name
        if not path.is_file():
            raise BackupError(f"{path} is missing from the backup.")
        if checksum(path) != expected:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged.")


def restore_sqlite(source: Path) -> None:
    """Into the live file through the backup API: other processes' connections see it at once."""
    connections.close_all()
    backup = sqlite3.connect(source)
    live = sqlite3.connect(settings_name(), timeout=30)
    try:
        backup.backup(live)
    finally:
        live.close()
        backup.close()


def restore_postgresql(source: Path) -> None:
    connections.close_all()
    run_client(
        "pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner", str(source)
    )


def restore_media(archive_path: Path) -> None:
    """Unpack beside the media directory, then swap it in: never half the old, half the new."""
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent, prefix=".restore-") as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        unpacked = Path(scratch) / "media"
        unpacked.mkdir(exist_ok=True)
        old = Path(scratch) / "old"
        if media.exists():
            media.rename(old)
        unpacked.rename(media)


def invalidate_caches(paths_before: set[str]) -> None:
    """Every cache layer forgets the old site: page versions, Django's caches, proxies."""
    for alias, config in settings.CACHES.items():
        forget_cached_values(caches[alias], config.get("KEY_PREFIX", ""))
    invalidation.site_changed()
    purge.purge_paths(paths_before | proxied_paths())


def forget_cached_values(cache, prefix: str) -> None:
    """Empty a Django cache; on a Redis shared under a key prefix, only this site's keys.

    RedisCache.clear() flushes the whole Redis database, other sites' keys included.
    """
    if not (prefix and isinstance(cache, RedisCache)):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def proxied_paths() -> set[str]:
    """Every page a proxy may hold, in every language; read before and after the restore.

    Tag, author and archive pages are not listed: a proxy keeps them for
    MASTHEAD_PAGE_CACHE_SHARED_SECONDS plus the stale window at most.
    """
    if not purge.purgers():
        return set()
    from wagtail.models import Page, Site

    paths = set(purge.site_wide_paths())
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.url_path
        live = Page.objects.live().filter(url_path__startswith=root)
        for url_path in live.values_list("url_path", flat=True):
            paths.update(purge.language_variants("/" + url_path[len(root) :]))
    return paths


# The database's own clients.


def settings_name() -> str:
    return str(connection.settings_dict["NAME"])


def client_environment() -> dict[str, str]:
    database = connection.settings_dict
    environment = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            environment[variable] = str(database[key])
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    environment["PGDATABASE"] = str(database["NAME"])
    return environment


def run_client(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not on PATH; install PostgreSQL's client programs "
            "(Debian: apt install postgresql-client) in the version of the server or newer."
        )
    database_argument = [f"--dbname={client_environment()['PGDATABASE']}"]
    finished = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        [executable, *arguments, *database_argument],
        env=client_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise BackupError(f"{program} failed: {finished.stderr.strip()}")


DUMPERS = {"sqlite": dump_sqlite, "postgresql": dump_postgresql}
RESTORERS = {"sqlite": restore_sqlite, "postgresql": restore_postgresql}
