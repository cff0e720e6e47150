"""The shipped nginx configuration: rendered for this install and accepted by nginx itself."""

import subprocess
from pathlib import Path

from django.core.management import call_command

import pytest

from masthead.pagecache.purge import nginx_cache_file

from .stack import NGINX

pytestmark = pytest.mark.skipif(
    not NGINX.exists(), reason="nginx is not installed: `make test` installs nginx-light"
)


def render(tmp_path, *options: str) -> str:
    output = tmp_path / "nginx.conf"
    call_command("nginx_config", *options, f"--output={output}", stdout=None, stderr=None)
    return output.read_text()


def nginx_test(config_path) -> subprocess.CompletedProcess:
    prefix = config_path.parent
    return subprocess.run(
        [
            str(NGINX),
            "-t",
            "-p",
            str(prefix),
            "-c",
            str(config_path),
            "-e",
            str(prefix / "test.log"),
        ],
        capture_output=True,
        text=True,
    )


def test_the_standalone_configuration_passes_nginx_own_check(tmp_path):
    render(tmp_path, "--standalone", f"--prefix={tmp_path}", "--listen=127.0.0.1:8089")
    result = nginx_test(tmp_path / "nginx.conf")
    assert result.returncode == 0, result.stderr


def test_the_site_file_passes_nginx_own_check_inside_a_debian_style_http_block(tmp_path):
    """Without --standalone it is a file for /etc/nginx/sites-enabled/: http-level content."""
    site = render(tmp_path)
    assert "events" not in site
    (tmp_path / "main.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n proxy_temp_path {tmp_path}/proxy;\n"
        f" client_body_temp_path {tmp_path}/body;\n include {tmp_path}/nginx.conf;\n}}\n"
    )
    site_with_free_port = site.replace("listen 80;", "listen 127.0.0.1:8089;")
    (tmp_path / "nginx.conf").write_text(site_with_free_port)
    result = nginx_test(tmp_path / "main.conf")
    assert result.returncode == 0, result.stderr


def test_the_cache_is_laid_out_as_masthead_purges_it(tmp_path, settings):
    settings.MASTHEAD_NGINX_CACHE_DIR = str(tmp_path / "cache")
    config = render(tmp_path)
    assert f"proxy_cache_path {tmp_path / 'cache'} levels=1:2 keys_zone=masthead:20m" in config
    assert 'proxy_cache_key "$scheme$host$request_uri$masthead_encoding";' in config
    # The purge's file name for a key is nginx's: MD5, last character, then the two before.
    assert nginx_cache_file(tmp_path, "httpexample.org/").relative_to(tmp_path).parts[:2] == (
        "9",
        "67",
    )


def test_readers_with_a_session_or_a_message_bypass_the_shared_cache(tmp_path):
    config = render(tmp_path)
    assert '"~(^|;)\\s*(sessionid|messages)=" 1;' in config
    assert "proxy_cache_bypass $masthead_personal;" in config
    assert "proxy_no_cache $masthead_personal $masthead_uncacheable;" in config
    assert "proxy_cache_valid 200 301 404 1s;" in config


def test_static_files_with_hashed_names_are_cached_for_good(tmp_path, settings):
    config = render(tmp_path)
    assert f"alias {settings.STATIC_ROOT}/$static_file;" in config
    assert "expires max;" in config
    assert "gzip_static on;" in config


def test_standalone_needs_a_prefix(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--prefix"):
        render(tmp_path, "--standalone")


def test_the_template_ships_inside_the_package():
    """Read with importlib.resources, so that an install from the wheel renders it too."""
    import masthead.core
    from masthead.core.management.commands.nginx_config import TEMPLATE

    assert Path(str(TEMPLATE)).parent == Path(masthead.core.__file__).parent / "deploy"
    assert "proxy_cache_path {{ cache_dir }}" in TEMPLATE.read_text()


def test_another_template_can_be_rendered_instead(tmp_path):
    custom = tmp_path / "custom.conf"
    custom.write_text("server { listen {{ listen }}; }\n")
    assert render(tmp_path, f"--template={custom}", "--listen=8090") == "server { listen 8090; }\n"


def test_a_missing_template_is_named(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No template at .*absent.conf"):
        render(tmp_path, f"--template={tmp_path / 'absent.conf'}")
