"""An editor creates, previews and publishes an article in the Wagtail admin."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from masthead.news.models import ArticlePage
from masthead.news.tests.factories import AuthorFactory, NewsImageFactory


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "a-long-passphrase"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def article_form(author, image, **overrides) -> dict:
    fields = {
        "title": "Delegates agree on a digital trade roadmap",
        "slug": "digital-trade-roadmap",
        "dek": "Officials set out the next steps after two days of talks.",
        "dateline": "Siem Reap",
        "publication_date": "2025-04-23 09:00",
        "language": "en",
        "featured_image": image.pk,
        "tags": "Trade, ASEAN",
        "article_authors": inline_formset([{"author": author.pk}]),
        "comments": inline_formset([]),
        "corrections": inline_formset([]),
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>The talks ended with a <b>roadmap</b>.</p>")),
                ("heading", {"text": "What was agreed", "level": "h2", "anchor": ""}),
                (
                    "quote",
                    {"quote": "We have a plan.", "speaker": "A delegate", "role": "Negotiator"},
                ),
                (
                    "image",
                    {
                        "image": image.pk,
                        "alt_text": "Delegates signing",
                        "caption": "Signing.",
                        "credit": "Masthead",
                    },
                ),
            ]
        ),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def test_editor_logs_in_at_admin(client, editor):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "editor", "password": "a-long-passphrase"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_add_article_form_offers_every_block_type(editor_client, section):
    response = editor_client.get(
        reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    )
    assert response.status_code == 200
    html = response.content.decode()
    for block_type in ("paragraph", "heading", "quote", "image", "fact_box"):
        assert f"&quot;{block_type}&quot;" in html or f'"{block_type}"' in html


def test_editor_previews_then_publishes_an_article_with_every_block(editor_client, section):
    author, image = AuthorFactory(name="Dara Sok"), NewsImageFactory()
    data = article_form(author, image)
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("news", "articlepage", section.pk)
    )

    assert editor_client.post(preview_url, data).json()["is_valid"] is True
    preview = BeautifulSoup(editor_client.get(preview_url).content, "html.parser")
    assert preview.h1.get_text() == "Delegates agree on a digital trade roadmap"
    assert preview.select_one("figure.quote cite").get_text() == "A delegate"
    assert not ArticlePage.objects.filter(slug="digital-trade-roadmap").exists()

    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    response = editor_client.post(add_url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302

    article = ArticlePage.objects.get(slug="digital-trade-roadmap")
    assert article.live
    assert [block.block_type for block in article.body] == [
        "paragraph",
        "heading",
        "quote",
        "image",
    ]
    assert article.body[1].value["anchor"] == "what-was-agreed"

    page = BeautifulSoup(editor_client.get(article.url).content, "html.parser")
    assert page.select_one(".byline__author").get_text() == "Dara Sok"
    assert page.select_one("figure.body-image img")["alt"] == "Delegates signing"
    for listing in ("/", section.url):
        titles = [
            a.get_text()
            for a in BeautifulSoup(editor_client.get(listing).content, "html.parser").select(
                ".teaser a"
            )
        ]
        assert "Delegates agree on a digital trade roadmap" in titles, listing


def test_image_block_without_alt_text_is_refused(editor_client, section):
    """Neither the block nor the image has alt text: the editorial check refuses to publish
    it, and the article is kept as a draft."""
    author, image, bare = AuthorFactory(), NewsImageFactory(), NewsImageFactory(description="")
    data = article_form(
        author,
        image,
        body=streamfield(
            [("image", {"image": bare.pk, "alt_text": "", "caption": "", "credit": ""})]
        ),
    )
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    response = editor_client.post(add_url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    (draft,) = ArticlePage.objects.filter(slug="digital-trade-roadmap")
    assert not draft.live


def test_featured_image_without_alt_text_is_refused(editor_client, section):
    author, image = AuthorFactory(), NewsImageFactory(description="")
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    response = editor_client.post(
        add_url, {**article_form(author, image), "action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert "has no alt text" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="digital-trade-roadmap").exists()


def test_articles_can_only_be_filed_under_a_section(home):
    assert ArticlePage.parent_page_types == ["news.SectionPage"]
    assert not ArticlePage.can_create_at(home)
