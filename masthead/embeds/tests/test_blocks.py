"""The embed block: the editor's form, the stored value, and what readers are sent."""

import json
import shutil
import subprocess

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from masthead.embeds.blocks import EmbedBlock, EmbedValue
from masthead.news.models import ArticlePage
from masthead.news.tests.factories import ArticlePageFactory
from tests.test_html_validity import VNU_JAR

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

pytestmark = pytest.mark.django_db


def test_cleaning_the_block_reads_the_preview_into_its_value(provider_server):
    value = EmbedBlock().clean(EmbedValue(url=VIDEO))
    assert value.title == "A video about the talks <dQw4w9WgXcQ>"
    assert value.thumbnail.width == 480
    assert EmbedBlock().get_prep_value(value) == {
        "url": VIDEO,
        "provider": "youtube",
        "title": value.title,
        "author_name": "Siem Reap Newsroom",
        "thumbnail": value.thumbnail.pk,
    }


def test_an_unknown_link_is_a_validation_error_naming_the_providers(provider_server):
    with pytest.raises(ValidationError, match="Masthead embeds links from YouTube"):
        EmbedBlock().clean(EmbedValue(url="https://example.com/clip"))


def test_the_stored_value_comes_back_with_its_thumbnail_in_one_query(
    provider_server, django_assert_num_queries
):
    block = EmbedBlock()
    raw = [
        block.get_prep_value(block.clean(EmbedValue(url=url)))
        for url in (VIDEO, "https://vimeo.com/1")
    ]
    with django_assert_num_queries(1):
        values = block.bulk_to_python(raw)
    assert [value.thumbnail.width for value in values] == [480, 480]


@pytest.fixture
def article_with_embed(provider_server, section):
    value = EmbedBlock().clean(EmbedValue(url=VIDEO))
    body = [
        {"type": "paragraph", "value": "<p>The talks, on video.</p>"},
        {"type": "embed", "value": EmbedBlock().get_prep_value(value)},
    ]
    return ArticlePageFactory(parent=section, slug="talks-on-video", body=body)


def test_readers_get_a_local_preview_and_no_player(article_with_embed, client, provider_server):
    provider_server.requests.clear()
    response = client.get(article_with_embed.url)
    page = BeautifulSoup(response.content, "html.parser")
    embed = page.select_one("figure.embed")
    assert embed.select_one(".embed__provider").get_text() == "YouTube"
    assert embed.select_one(".embed__title").get_text() == "A video about the talks <dQw4w9WgXcQ>"
    assert embed.select_one("a.embed__link")["href"] == VIDEO
    button = embed.select_one("button.embed__load")
    assert button.has_attr("hidden")  # shown by the script; without it the link remains
    assert button["data-embed-src"] == f"{provider_server.url}/embed/dQw4w9WgXcQ?autoplay=1"
    assert page.select("iframe") == []
    sources = [tag.get("src") or tag.get("srcset") for tag in embed.select("img, source")]
    assert sources and all(source.startswith("/media/") for source in sources)
    assert {tag["type"] for tag in embed.select("source")} == {"image/avif", "image/webp"}
    assert provider_server.requests == []  # nothing is fetched while a reader's page renders


def test_the_reader_policy_frames_only_the_players(article_with_embed, client, settings):
    response = client.get(article_with_embed.url)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["frame-src"] == " ".join(
        settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    )
    assert "'self'" not in policy["frame-src"]
    assert policy["script-src"] == "'self'"


def test_the_default_policy_names_each_providers_player_origin():
    from masthead.settings import base

    assert base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] == [
        "https://platform.twitter.com",
        "https://player.vimeo.com",
        "https://t.me",
        "https://www.facebook.com",
        "https://www.instagram.com",
        "https://www.tiktok.com",
        "https://www.youtube-nocookie.com",
    ]


def test_a_value_whose_thumbnail_was_deleted_still_renders(article_with_embed, client):
    article_with_embed.body[1].value.thumbnail.delete()
    article = ArticlePage.objects.get(pk=article_with_embed.pk)
    article.save_revision().publish()
    response = client.get(article.url)
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select("figure.embed picture") == []


def test_a_provider_no_longer_configured_leaves_the_direct_link_only(
    article_with_embed, client, settings
):
    settings.MASTHEAD_EMBED_PROVIDERS = {}
    response = client.get(article_with_embed.url)
    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert page.select("button.embed__load") == []
    assert page.select_one("a.embed__link")["href"] == VIDEO


def test_the_thumbnail_counts_as_used_by_the_page(article_with_embed):
    thumbnail = article_with_embed.body[1].value.thumbnail
    assert thumbnail.get_usage().count() == 1


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("ed", "ed@example.com", "pw-long-enough")
    )
    return client


def article_form(url: str) -> dict:
    return nested_form_data(
        {
            "title": "The talks on video",
            "slug": "talks-video",
            "publication_date": "2025-04-23 09:00",
            "language": "en",
            "article_authors": inline_formset([]),
            "comments": inline_formset([]),
            "corrections": inline_formset([]),
            "body": streamfield([("embed", url)]),
            "action-publish": "action-publish",
        }
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com/clip", "Masthead embeds links from YouTube"),
        ("https://youtu.be/missing0000", "YouTube has no public post at this link"),
        ("https://youtu.be/slow0000000", "YouTube could not be read"),
    ],
)
def test_the_editor_sees_why_a_link_cannot_be_embedded(
    editor_client, section, provider_server, url, message
):
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    response = editor_client.post(add_url, article_form(url))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArticlePage.objects.filter(slug="talks-video").exists()


def test_an_editor_publishes_an_embed_and_readers_see_its_preview(
    editor_client, section, provider_server
):
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    assert editor_client.post(add_url, article_form(VIDEO)).status_code == 302
    article = ArticlePage.objects.get(slug="talks-video")
    assert article.body[0].value.title == "A video about the talks <dQw4w9WgXcQ>"
    editor_client.logout()
    page = BeautifulSoup(editor_client.get(article.url).content, "html.parser")
    assert page.select_one(".embed__title").get_text() == "A video about the talks <dQw4w9WgXcQ>"


def test_the_article_with_an_embed_is_valid_html(article_with_embed, client, tmp_path):
    page = tmp_path / "embed.html"
    page.write_bytes(client.get(article_with_embed.url).content)
    result = subprocess.run(
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            str(page),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []
