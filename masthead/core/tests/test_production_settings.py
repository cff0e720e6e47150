"""Production settings pass Django's deployment checks and refuse to run without a secret."""

import os
import subprocess
import sys


def run_masthead(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "masthead.settings.production", **env}
    environment.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set by the browser tests, never in production
    if "SECRET_KEY" not in env:
        environment.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "masthead.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_masthead(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 64 + "a-production-secret-for-the-check",
        MASTHEAD_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_masthead("check", MASTHEAD_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "production settings need SECRET_KEY" in result.stderr
