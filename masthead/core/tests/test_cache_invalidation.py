"""The site settings show on every page: saving them renders every page again."""

import pytest

from masthead.core.models import SiteSettings
from masthead.news.tests.factories import ArticlePageFactory
from masthead.pagecache.tests.helpers import cached_text, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Harbour talks", tags=["ports"])


def test_a_new_tagline_shows_on_every_page(client, article, home):
    for url in ["/", article.url, "/tags/ports/"]:
        cached_text(client, url)
    settings = SiteSettings.for_site(home.get_site())
    settings.tagline = "News from the Mekong, checked twice"
    settings.save()
    assert "checked twice" in text_of(client, "/")
