"""Purging copies held outside Masthead: nginx's proxy cache, a CDN.

Masthead's own cache never needs purging (see versions.py); proxies in front do. After a
change commits, the paths that show it are handed to every purger named in
MASTHEAD_PAGE_PURGERS (dotted paths to callables taking a list of absolute paths). The
built-in nginx purger deletes the cache files of the configuration `masthead
nginx-config` writes; a CDN's purge API fits the same hook.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Paths that show the whole site besides the front page (feeds, sitemaps), named by the
# apps that serve them with `site_wide_paths_include()`.
_site_wide_paths: set[str] = set()


def language_variants(path: str) -> list[str]:
    """A reader path in every interface language: English at the root, others prefixed."""
    variants = [path]
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            variants.append(f"/{code}{path}")
    return variants


def site_wide_paths_include(*paths: str) -> None:
    """Purge these paths (the same in every language) with every change shown site-wide."""
    _site_wide_paths.update(paths)


def site_wide_paths() -> list[str]:
    """The front page in every language, and the paths apps said show the whole site."""
    return [*language_variants("/"), *sorted(_site_wide_paths)]


@lru_cache(maxsize=1)
def purgers() -> list[Callable[[list[str]], None]]:
    return [import_string(name) for name in getattr(settings, "MASTHEAD_PAGE_PURGERS", [])]


def purge_paths(paths: Iterable[str]) -> None:
    paths = sorted(set(paths))
    if not paths:
        return
    for purger in purgers():
        try:
            purger(paths)
        except Exception:
            logger.exception("Purging %d paths with %r failed", len(paths), purger)


def nginx_hosts() -> list[str]:
    """The host names nginx sees for this site (its $host: no port, lower case)."""
    from wagtail.models import Site

    hosts = {site.hostname.lower() for site in Site.objects.all()}
    hosts.update(
        host.lower()
        for host in settings.ALLOWED_HOSTS
        if host and not host.startswith(".") and host != "*"
    )
    return sorted(hosts)


def nginx_cache_file(cache_dir: Path, key: str) -> Path:
    """Where nginx keeps a key with `levels=1:2`: the MD5's last character, then the two before."""
    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
    return cache_dir / digest[-1] / digest[-3:-1] / digest


NGINX_ENCODINGS = ("", "gzip")


def purge_nginx(paths: list[str]) -> None:
    """Delete nginx's cached copies; nginx then fetches the page again on the next request.

    The keys follow masthead/core/deploy/nginx.conf: `proxy_cache_key
    "$scheme$host$request_uri$masthead_encoding"`, the encoding being "" or "gzip".
    """
    cache_dir = Path(settings.MASTHEAD_NGINX_CACHE_DIR)
    keys = (
        f"{scheme}{host}{path}{encoding}"
        for scheme in ("http", "https")
        for host in nginx_hosts()
        for path in paths
        for encoding in NGINX_ENCODINGS
    )
    for key in keys:
        nginx_cache_file(cache_dir, key).unlink(missing_ok=True)
