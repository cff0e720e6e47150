"""Fixtures shared by every test: a site tree built the way editors build one."""

import functools
from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from wagtail.images.models import Filter
from wagtail.models import Collection, Locale, Page, Site

import pytest
from PIL import Image

from masthead.core import memo, outages
from masthead.demo.services import load_demo_site
from masthead.news.tests.factories import HomePageFactory, SectionPageFactory
from masthead.pagecache import versions
from masthead.pagecache.store import page_cache
from masthead.resilience import cache as resilience_cache


@pytest.fixture(autouse=True, scope="session")
def fast_avif():
    """AVIF encoded at libavif's fastest speed: pages make renditions on first view in the
    tests (settings/test.py), and at the default speed each AVIF file takes ~0.5 s."""
    Image.init()
    save = Image.SAVE["AVIF"]

    def save_fast(image, fp, filename):
        image.encoderinfo.setdefault("speed", 10)
        return save(image, fp, filename)

    Image.SAVE["AVIF"] = save_fast
    yield
    Image.SAVE["AVIF"] = save


@pytest.fixture(autouse=True, scope="session")
def renditions_made_once_per_worker():
    """Each rendition's bytes encoded once per test worker, not once per test database.

    A module's fresh database loses the demo's renditions, and rendering the demo again
    re-encodes ~180 files (about 20 s of CPU). Encoding is deterministic: the same source
    bytes, filter and focal point give the same file, so the bytes are kept by those.
    """
    run = Filter.run
    made: dict[tuple, tuple[type, bytes]] = {}

    def run_once(self, image, output, source=None):
        focal = image.get_focal_point()
        key = (image.file_hash, self.spec, focal and tuple(focal))
        if not image.file_hash or key not in made:
            generated = run(self, image, output, source=source)
            generated.f.seek(0)
            made[key] = (type(generated), generated.f.read())
            generated.f.seek(0)
            return generated
        willow_class, data = made[key]
        output.write(data)
        output.seek(0)
        return willow_class(output)

    Filter.run = run_once
    yield
    Filter.run = run


@pytest.fixture(autouse=True)
def english_interface():
    """Start every test in the default language: a French request must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def clear_caches() -> None:
    """Empty this process's caches, and its own keys in Redis.

    Under pytest-xdist each worker has a key prefix (settings/test.py) and deletes its
    own keys, rather than flush the Redis database the other workers are using. The
    outage breakers close first: a test that staged an outage leaves none behind.
    """
    # Looked up now: a test may have put a breaker of its own in their place.
    for breaker in (
        versions.redis_breaker,
        resilience_cache.redis_breaker,
        outages.database_breaker,
    ):
        breaker.reset()
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if prefix and settings.REDIS_URL:
        keys = list(redis_client().scan_iter(f"{prefix}:*", count=1000))
        if keys:
            redis_client().delete(*keys)
    else:
        cache.clear()
    page_cache().clear()
    memo.forget()


@functools.cache
def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches, so no test sees another's pages or counters."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def rendering_every_request(settings):
    """The page cache off: for tests that count what rendering a page costs."""
    settings.MASTHEAD_PAGE_CACHE = False


def restore_wagtail_root() -> None:
    """Put back the locale, tree root and root collection that Wagtail's migrations create.

    Transactional tests end by emptying every table. Django's serialized rollback cannot
    restore them for the browser tests: Playwright's greenlets give the test thread a
    fresh connection object that lacks the serialized copy.
    """
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")  # where uploaded images and documents go


@pytest.fixture
def home(db):
    """A front page as the default site's root, replacing Wagtail's welcome page."""
    restore_wagtail_root()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="World", slug="world")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo site, loaded once for the tests of a module that only read it.

    Loading it takes a second or more (every page is published with its revision, search
    entry and cache tags), which 40-odd tests used to pay each. It is loaded inside a
    transaction that is rolled back after the module's last test; each test runs in a
    savepoint within it (pytest-django's `db`), so whatever a test writes is undone.
    """
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        restore_wagtail_root()
        load_demo_site()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_data, db):
    """The demo site (front page, sections, authors and articles), shared by the module."""


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    return bool(flagged) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]):
    """Keep the tests that share something together, on one worker and in one run.

    Under pytest-xdist (`--dist loadgroup`) the tests of a module that share the demo
    site go to one worker, and so do the production stack's tests; any other test goes
    to whichever worker is free, in the order collected (pytest-django's: transactional
    tests, which empty every table, after the others).

    Then, the tests sharing the demo site run last in each run of their module's tests:
    the shared site lives from the first test that asks for it to the module's end, and
    a test that builds its own site tree must not run inside it. And the production
    stack's tests, the longest group by far (ten minutes on PostgreSQL), come first:
    xdist hands groups out in collection order, and collected last they ran alone on
    one worker after the other had finished everything else.
    """
    for item in items:
        uses_demo = "demo" in item.fixturenames
        if uses_demo and is_transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: `demo` is shared inside a transaction that a transactional"
                " test would commit and flush; load the demo site in the test instead."
            )
        if uses_demo:
            item.add_marker(pytest.mark.xdist_group(f"demo-{item.path}"))
        elif item.get_closest_marker("production"):
            item.add_marker(pytest.mark.xdist_group("production"))
    yield
    in_module_order = [
        item
        for _module, run in groupby(items, key=lambda item: item.path)
        for item in sorted(run, key=lambda item: "demo" in item.fixturenames)
    ]
    items[:] = sorted(in_module_order, key=lambda item: not item.get_closest_marker("production"))
