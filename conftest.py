"""Fixtures shared by every test: a site tree built the way editors build one."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Locale, Page, Site

import pytest

from masthead.core import memo
from masthead.news.tests.factories import HomePageFactory, SectionPageFactory
from masthead.pagecache.store import page_cache


@pytest.fixture(autouse=True)
def english_interface():
    """Start every test in the default language: a French request must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches, so no test sees another's pages or counters."""
    cache.clear()
    page_cache().clear()
    memo.forget()
    yield
    cache.clear()
    page_cache().clear()
    memo.forget()


@pytest.fixture
def rendering_every_request(settings):
    """The page cache off: for tests that count what rendering a page costs."""
    settings.MASTHEAD_PAGE_CACHE = False


def restore_wagtail_root() -> None:
    """Put back the locale and tree root that Wagtail's migrations create.

    Transactional tests end by emptying every table. Django's serialized rollback cannot
    restore them for the browser tests: Playwright's greenlets give the test thread a
    fresh connection object that lacks the serialized copy.
    """
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


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
