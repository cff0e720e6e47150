"""What may be served from the cache and under which key, read from the WSGI environ.

The WSGI front (wsgi.py) and the Django middleware (middleware.py) both use these, so a
page is looked up under exactly the key it was stored under.
"""

from django.conf import settings

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


def cacheable_request(environ: dict) -> bool:
    if environ.get("REQUEST_METHOD") not in CACHEABLE_METHODS:
        return False
    if "HTTP_AUTHORIZATION" in environ:
        return False
    cookies = environ.get("HTTP_COOKIE", "")
    return not any(name in cookies for name in personal_cookie_names())


def personal_cookie_names() -> tuple[str, ...]:
    """A signed-in editor's session, or a flash message waiting for this reader."""
    return (f"{settings.SESSION_COOKIE_NAME}=", "messages=")


def request_scheme(environ: dict) -> str:
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and environ.get(proxy_header[0]) == proxy_header[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def request_key(environ: dict) -> str:
    return (
        f"{request_scheme(environ)}://{environ.get('HTTP_HOST', '')}"
        f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
    )


def cache_control() -> str:
    """Browsers revalidate (cheaply, with the ETag); shared caches keep the page a while."""
    shared = settings.MASTHEAD_PAGE_CACHE_SHARED_SECONDS
    stale = settings.MASTHEAD_PAGE_CACHE_STALE_SECONDS
    return f"public, max-age=0, s-maxage={shared}, stale-while-revalidate={stale}"
