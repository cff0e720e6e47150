"""`masthead serve`: its defaults, and what it does before the server starts."""

import os
import subprocess
import sys
from pathlib import Path

from masthead.core.management.commands import serve

MASTHEAD = Path(sys.executable).with_name("masthead")


def test_there_is_one_worker_per_usable_cpu_and_never_fewer_than_two(monkeypatch):
    monkeypatch.setattr(serve, "usable_cpus", lambda: 8)
    assert serve.default_workers() == 8
    monkeypatch.setattr(serve, "usable_cpus", lambda: 1)
    assert serve.default_workers() == 2


def test_serve_without_a_secret_key_says_what_to_set_instead_of_starting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["MASTHEAD_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [str(MASTHEAD), "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "docs/production.md" in result.stderr


def test_static_files_are_collected_when_there_is_no_manifest(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # pytest-django's settings fixture rebuilds the storage on the change, and again after.
    assert serve.static_out_of_date()
    (tmp_path / "staticfiles.json").write_text("{}")
    assert not serve.static_out_of_date()
    os.utime(tmp_path / "staticfiles.json", (0, 0))
    assert serve.static_out_of_date()
