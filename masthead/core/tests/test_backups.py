"""`masthead backup` and `masthead restore`: the site served after a restore is the one backed up.

Transactional: a restore replaces the whole database, outside any test transaction.
"""

import json
import os
import time

from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page

import pytest

from conftest import restore_wagtail_root
from masthead.comments.models import Comment
from masthead.core import backups
from masthead.demo.services import load_demo_site
from masthead.news.models import ArticlePage
from masthead.pagecache.tests.helpers import cached_text, publish_edit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_with_media(settings, tmp_path):
    """The demo site and two media files, committed: the backup reads them through its own connection."""
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_wagtail_root()
    load_demo_site()
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True, exist_ok=True)
    for name in ("annual-report.pdf", "rates.csv"):
        (settings.MEDIA_ROOT / "documents" / name).write_bytes(name.encode() * 100)
    lead, other = ArticlePage.objects.live().order_by("pk")[:2]
    Comment.objects.create(
        article=lead, name="Ada", body="Kept by the backup", status=Comment.Status.APPROVED
    )
    return lead, other


def reader_urls() -> list[str]:
    pages = Page.objects.live().filter(depth__gt=1).specific()
    return sorted({page.get_url() for page in pages} | {"/", "/fr/"})


def media_files(settings) -> dict[str, bytes]:
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def change_everything(client, lead, other, settings, urls) -> None:
    """Edit, delete and comment after the backup, and read the changed pages into the cache."""
    publish_edit(lead, title="Rewritten after the backup")
    Comment.objects.filter(article=lead).delete()
    Comment.objects.create(
        article=other, name="Bob", body="Posted after the backup", status=Comment.Status.APPROVED
    )
    other.delete()
    (settings.MEDIA_ROOT / "documents" / "rates.csv").unlink()
    (settings.MEDIA_ROOT / "documents" / "later.csv").write_text("uploaded after the backup")
    assert "Rewritten after the backup" in cached_text(client, "/")
    for url in urls:
        client.get(url)  # The changed pages, kept by the page cache.


def round_trip(client, site_with_media, settings, tmp_path) -> None:
    lead, other = site_with_media
    urls = reader_urls()
    before = {url: cached_text(client, url) for url in urls}
    assert "Kept by the backup" in before[lead.get_url()]
    files = media_files(settings)
    started = time.perf_counter()
    backups.create_backup(tmp_path / "backup")
    backed_up = time.perf_counter()
    change_everything(client, lead, other, settings, urls)
    restored = time.perf_counter()
    backups.restore_backup(tmp_path / "backup")
    print(  # noqa: T201 - the figures the report quotes (pytest -s)
        f"{connection.vendor}: {len(urls)} pages, {len(files)} media files; backup "
        f"{backed_up - started:.2f} s, restore {time.perf_counter() - restored:.2f} s"
    )
    after = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        after[url] = response.content.decode()
    assert after == before
    assert media_files(settings) == files


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite pass")
def test_round_trip_on_sqlite(client, site_with_media, settings, tmp_path):
    round_trip(client, site_with_media, settings, tmp_path)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://…")
def test_round_trip_on_postgresql(client, site_with_media, settings, tmp_path):
    round_trip(client, site_with_media, settings, tmp_path)


def test_the_manifest_says_what_made_the_backup(home, tmp_path):
    report = backups.create_backup(tmp_path / "b")
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest == report.manifest
    assert manifest["vendor"] == connection.vendor
    assert manifest["masthead"] == backups.masthead_version()
    assert {"django", "wagtail", "created"} <= set(manifest)
    assert "news.0001_initial" in manifest["migrations"]
    assert set(manifest["files"]) == {backups.DATABASE_FILES[connection.vendor], "media.tar"}


def test_a_site_without_media_backs_up_and_restores(home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "never-created"
    backups.create_backup(tmp_path / "b")
    backups.restore_backup(tmp_path / "b")
    assert settings.MEDIA_ROOT.is_dir()
    assert list(settings.MEDIA_ROOT.iterdir()) == []


def edited_manifest(tmp_path, **changes) -> None:
    path = tmp_path / "b" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vendor": "oracle"}, "backup is of a oracle database"),
        ({"migrations": ["news.9999_from_the_future"]}, "newer than the installed"),
        ({"format": 2}, "Backup format 2"),
        ({"files": {"media.tar": "0" * 64}}, "does not match its checksum"),
    ],
)
def test_restore_refuses_an_incompatible_backup_and_writes_nothing(
    home, section, settings, tmp_path, changes, message
):
    settings.MEDIA_ROOT = tmp_path / "media"
    backups.create_backup(tmp_path / "b")
    section.delete()
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "new.txt").write_text("uploaded after the backup")
    edited_manifest(tmp_path, **changes)
    with pytest.raises(CommandError, match=message):
        call_command("restore", tmp_path / "b")
    assert not Page.objects.filter(pk=section.pk).exists()
    assert (tmp_path / "media" / "new.txt").exists()


def test_restore_refuses_a_directory_that_is_no_backup(db, tmp_path):
    with pytest.raises(CommandError, match="not a Masthead backup"):
        call_command("restore", tmp_path)


def test_backup_refuses_a_directory_in_use(db, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", tmp_path)


def test_a_missing_postgresql_client_is_named(monkeypatch):
    monkeypatch.setenv("PATH", os.devnull)
    with pytest.raises(backups.BackupError, match="pg_dump is not on PATH"):
        backups.run_client("pg_dump", "--format=custom")


def test_the_commands_report(home, tmp_path, capsys):
    call_command("backup", tmp_path / "b")
    call_command("restore", tmp_path / "b")
    output = capsys.readouterr().out
    assert f"into {tmp_path / 'b'}" in output
    assert "every cache invalidated" in output


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_a_shared_redis_loses_only_this_sites_keys(settings):
    from django.core.cache.backends.redis import RedisCache

    config = {**settings.CACHES["default"], "KEY_PREFIX": "this-site"}
    ours, theirs = (
        RedisCache(config["LOCATION"], config),
        RedisCache(config["LOCATION"], {**config, "KEY_PREFIX": "another-site"}),
    )
    ours.set("kept", "ours")
    theirs.set("kept", "theirs")
    backups.forget_cached_values(ours, "this-site")
    assert (ours.get("kept"), theirs.get("kept")) == (None, "theirs")
    theirs.delete("kept")
