"""Export, then import into an empty site: the same articles come back."""

import json
import shutil
import zipfile
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect

import pytest

from masthead.comments.models import Comment, Rating
from masthead.images.models import NewsImage
from masthead.importers.export import write_json_zip, write_wxr
from masthead.importers.formats import masthead_json
from masthead.importers.models import ImportedItem
from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage, Author, SectionPage

from .conftest import FIXTURES


def block_value(block) -> object:
    if block.block_type == "paragraph":
        return block.value.source
    if block.block_type == "image":
        value = block.value
        return (value["image"].file_hash, value["alt_text"], value["caption"], value["credit"])
    if block.block_type in ("bulleted_list", "numbered_list"):
        return [item.source for item in block.value["items"]]
    if block.block_type == "embed":
        return (block.value.url, block.value.provider)
    if block.block_type == "gallery":
        pictures = [
            (p["image"].file_hash, p["alt_text"], p["caption"], p["credit"])
            for p in block.value["images"]
        ]
        return (block.value["title"], pictures)
    return dict(block.value)


def comments_of(article) -> list[tuple]:
    approved = Comment.objects.filter(article=article, status="approved").order_by("created_at")
    return [
        (c.name, c.email, c.body, c.created_at, c.rating, c.parent.name if c.parent else None)
        for c in approved
    ]


def snapshot() -> list[tuple]:
    """What a round trip must keep, article by article."""
    return [
        (
            article.title,
            article.slug,
            article.get_parent().title,
            article.dek,
            sorted(article.tags.names()),
            [link.author.name for link in article.article_authors.all()],
            article.publication_date,
            article.live,
            [(block.block_type, block_value(block)) for block in article.body],
            article.featured_image.file_hash if article.featured_image else None,
            comments_of(article),
            sorted(Rating.objects.filter(article=article).values_list("value", flat=True)),
        )
        for article in ArticlePage.objects.order_by("title")
    ]


def empty_the_site() -> None:
    for model in (ArticlePage, SectionPage):
        for page in model.objects.all():
            page.delete()
    for model in (Author, Tag, ImportedItem, Redirect, NewsImage):
        model.objects.all().delete()


@pytest.fixture
def site_with_articles(home, uploads):
    import_path(FIXTURES / "wordpress.xml", options=ImportOptions(media_dir=uploads, publish=True))
    import_path(FIXTURES / "ghost.json", options=ImportOptions(media_dir=uploads, publish=True))
    bridge = ArticlePage.objects.get(slug="bridge-reopens")
    Rating.objects.create(article=bridge, reader_key="a-reader", value=2)
    return home


def wxr_exported_and_imported_into_an_empty_site(tmp_path):
    exported = tmp_path / "site.xml"
    write_wxr(exported)
    media = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT / "original_images", media)
    empty_the_site()
    return import_path(exported, options=ImportOptions(media_dir=media, publish=True))


@pytest.mark.django_db
def test_wxr_round_trip_is_exact(site_with_articles, tmp_path):
    before = snapshot()
    assert len(before) == 5
    report = wxr_exported_and_imported_into_an_empty_site(tmp_path)
    assert report.counts["created"] == 5, report.lines()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_second_import_of_an_export_changes_nothing(site_with_articles, tmp_path):
    exported = tmp_path / "site.xml"
    write_wxr(exported)
    empty_the_site()
    import_path(exported, options=ImportOptions(publish=True))
    after_first = snapshot()
    report = import_path(exported, options=ImportOptions(publish=True))
    assert report.counts["unchanged"] == 5
    assert snapshot() == after_first


@pytest.mark.django_db
def test_the_json_export_holds_the_articles_and_their_images(site_with_articles, tmp_path):
    target = tmp_path / "site.zip"
    write_json_zip(target)
    with zipfile.ZipFile(target) as archive:
        document = json.loads(archive.read("masthead-export.json"))
        names = set(archive.namelist())
    assert document["format"] == "masthead-export" and len(document["articles"]) == 5
    bridge = next(a for a in document["articles"] if a["slug"] == "bridge-reopens")
    assert bridge["section"] == "City" and bridge["tags"] == ["Bridges", "Transport"]
    assert bridge["ratings"] == [2] and bridge["comments"][0]["rating"] == 4
    assert bridge["featured_image"] in names


@pytest.fixture
def site_with_blocks(site_with_articles, tmp_path, uploads):
    """The fixtures' articles and one with a list, a table and embeds."""
    from .test_batch import HEAD
    from .test_body_blocks import EMBEDS, GALLERY, LISTS, PULL_QUOTE, TABLE

    wxr = tmp_path / "blocks.xml"
    wxr.write_text(
        HEAD
        + "<item><title>Blocks</title><guid>b-1</guid><wp:post_id>1</wp:post_id>"
        + f"<content:encoded><![CDATA[{LISTS + TABLE + EMBEDS + PULL_QUOTE + GALLERY}]]></content:encoded>"
        + "<category domain='category' nicename='city'>City</category>"
        + "<wp:post_date_gmt>2024-06-01 09:00:00</wp:post_date_gmt>"
        + "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>",
        encoding="utf-8",
    )
    report = import_path(wxr, options=ImportOptions(publish=True, media_dir=uploads))
    assert report.counts["created"] == 1, report.lines()
    return site_with_articles


@pytest.mark.django_db
def test_json_round_trip_is_exact(site_with_blocks, tmp_path):
    before = snapshot()
    assert len(before) == 6
    assert {"bulleted_list", "table", "embed", "image", "quote", "pull_quote", "gallery"} <= {
        kind for article in before for kind, _ in article[8]
    }
    exported = tmp_path / "site.zip"
    write_json_zip(exported)
    empty_the_site()
    report = import_path(exported, options=ImportOptions(publish=True))
    assert report.counts["created"] == 6, report.lines()
    assert snapshot() == before
    again = import_path(exported, options=ImportOptions(publish=True))
    assert again.counts["unchanged"] == 6
    assert snapshot() == before


@pytest.mark.django_db
def test_wxr_round_trip_keeps_lists_tables_embeds_and_pull_quotes(site_with_blocks, tmp_path):
    before = snapshot()
    report = wxr_exported_and_imported_into_an_empty_site(tmp_path)
    assert report.counts["created"] == 6, report.lines()
    assert snapshot() == before


@pytest.mark.django_db
def test_the_export_command_writes_wxr(site_with_articles, tmp_path):
    target = tmp_path / "out.xml"
    call_command("export", str(target), stdout=StringIO())
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in target.read_text()


def test_a_hand_edited_commenter_address_is_kept_only_when_it_is_one():
    rows = [
        {"id": 1, "name": "Jo", "email": " jo@example.org ", "body": "Good."},
        {"id": 2, "name": "Al", "email": "not an address\r\nBcc: x@example.org", "body": "Hm."},
        {"id": 3, "name": "Bo", "email": ["jo@example.org"], "body": "Yes."},
    ]
    assert [record.email for record in masthead_json.comments(rows)] == ["jo@example.org", "", ""]
