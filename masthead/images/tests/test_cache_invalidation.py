"""An image's caption and credit are edited with the image, and show wherever it does."""

import pytest

from masthead.news.tests.factories import ArticlePageFactory, NewsImageFactory
from masthead.pagecache.tests.helpers import cached_text, text_of

pytestmark = pytest.mark.django_db


def test_a_new_caption_shows_on_the_article_at_once(client, section):
    image = NewsImageFactory(caption="The closing session.")
    article = ArticlePageFactory(parent=section, title="Harbour talks", featured_image=image)
    assert "The closing session." in cached_text(client, article.url)
    image.caption = "The opening session."
    image.save()
    assert "The opening session." in text_of(client, article.url)
