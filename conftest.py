"""Fixtures shared by every test: a site tree built the way editors build one."""

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from masthead.news.tests.factories import HomePageFactory, SectionPageFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so no test sees another's pages or counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """A front page as the default site's root, replacing Wagtail's welcome page."""
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="World", slug="world")
