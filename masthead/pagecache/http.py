"""What may be served from the cache and under which key, read from the WSGI environ.

The WSGI front (wsgi.py) and the Django middleware (middleware.py) both use these, so a
page is looked up under exactly the key it was stored under. The settings they need are
read once into `HitRules` (and again if a test changes them): a cache hit is meant to
cost a few microseconds, and Django's lazy settings cost about a microsecond a read.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class HitRules:
    enabled: bool
    # A signed-in editor's session, or a flash message waiting for this reader.
    personal_cookies: tuple[str, ...]
    proxy_header: tuple[str, str] | None
    cache_control: str


@lru_cache(maxsize=1)
def rules() -> HitRules:
    shared = settings.MASTHEAD_PAGE_CACHE_SHARED_SECONDS
    stale = settings.MASTHEAD_PAGE_CACHE_STALE_SECONDS
    return HitRules(
        enabled=settings.MASTHEAD_PAGE_CACHE,
        personal_cookies=(f"{settings.SESSION_COOKIE_NAME}=", "messages="),
        proxy_header=getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
        # Browsers revalidate (cheaply, with the ETag); shared caches keep the page a while.
        cache_control=f"public, max-age=0, s-maxage={shared}, stale-while-revalidate={stale}",
    )


@receiver(setting_changed)
def forget_rules(**kwargs) -> None:
    rules.cache_clear()


def enabled() -> bool:
    return rules().enabled


def cache_control() -> str:
    return rules().cache_control


def cacheable_request(environ: dict) -> bool:
    if environ.get("REQUEST_METHOD") not in CACHEABLE_METHODS:
        return False
    if "HTTP_AUTHORIZATION" in environ:
        return False
    cookies = environ.get("HTTP_COOKIE")
    return not cookies or not any(name in cookies for name in rules().personal_cookies)


def request_scheme(environ: dict) -> str:
    proxy_header = rules().proxy_header
    if proxy_header and environ.get(proxy_header[0]) == proxy_header[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def request_key(environ: dict) -> str:
    return (
        f"{request_scheme(environ)}://{environ.get('HTTP_HOST', '')}"
        f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
    )
