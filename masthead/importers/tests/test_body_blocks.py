"""Lists, tables and embeds in imported HTML become the body's own blocks, cleaned."""

import pytest

from masthead.importers.cleaning import clean
from masthead.importers.html_blocks import html_to_pieces
from masthead.importers.services import ImportOptions, import_path
from masthead.news.models import ArticlePage

from .test_batch import HEAD

LISTS = """<p>Intro</p>
<ul><li><b>One</b> item <script>alert(1)</script></li><li>Two <a href="javascript:x()">bad</a>
<a href="https://example.org/" onclick="x()">good</a></li></ul>
<ol><li>First</li><li>Second</li></ol>"""
TABLE = """<table><caption>Results</caption>
<thead><tr><th>Team</th><th>Score</th></tr></thead>
<tbody><tr><td>Riverside</td><td>3</td></tr><tr><td>Harbour <img src=x onerror=y()></td></tr></tbody>
</table>"""
EMBEDS = """<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Council meeting"></iframe>
<iframe src="https://tracker.example/frame?id=3"></iframe>
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://vimeo.com/76979871
</div></figure>
<blockquote class="twitter-tweet"><p>The bridge is open</p>&mdash; City (@city)
<a href="https://twitter.com/city/status/1234567890">May 3</a></blockquote>"""

PULL_QUOTE = (
    '<figure class="wp-block-pullquote"><blockquote><p>Open at last.</p>'
    "<cite>The mayor</cite></blockquote></figure>"
)

GALLERY = (
    '<figure class="wp-block-gallery"><figure class="wp-block-image">'
    '<img src="https://old.example/wp-content/uploads/2024/05/bridge.png" alt="The bridge">'
    "<figcaption>At dawn. Photo: Ana Ruiz</figcaption></figure>"
    '<figure class="wp-block-image">'
    '<img src="https://old.example/wp-content/uploads/2024/06/harbour.png" alt="The harbour">'
    "</figure><figcaption>Two views</figcaption></figure>"
)


def pieces(html: str):
    return clean(html_to_pieces(html))


def test_lists_become_one_list_piece_each_with_clean_items():
    found = pieces(LISTS)
    assert [piece.kind for piece in found] == ["paragraph", "list", "list"]
    bulleted, numbered = found[1], found[2]
    assert bulleted.grouping == "ul" and numbered.grouping == "ol"
    assert bulleted.items == [
        "<b>One</b> item",
        'Two <a>bad</a> <a href="https://example.org/">good</a>',
    ]
    assert numbered.items == ["First", "Second"]


def test_a_table_keeps_its_header_row_and_caption_as_text():
    (table,) = pieces(TABLE)
    assert table.kind == "table" and table.header and table.caption == "Results"
    assert table.rows == [["Team", "Score"], ["Riverside", "3"], ["Harbour"]]


def test_known_providers_become_embeds_and_other_frames_links():
    found = pieces(EMBEDS)
    assert [(piece.kind, piece.src or piece.html) for piece in found] == [
        ("embed", "https://www.youtube.com/embed/dQw4w9WgXcQ"),
        (
            "paragraph",
            '<a href="https://tracker.example/frame?id=3">https://tracker.example/frame?id=3</a>',
        ),
        ("embed", "https://vimeo.com/76979871"),
        ("embed", "https://twitter.com/city/status/1234567890"),
    ]
    assert found[0].text == "Council meeting" and found[3].text == "The bridge is open"


def test_marked_pull_quotes_become_pull_quotes_and_others_quotes():
    html = (
        '<figure class="wp-block-pullquote"><blockquote><p>Open at last.</p>'
        "<cite>The mayor</cite></blockquote></figure>"
        '<blockquote class="kg-blockquote-alt">A long wait.</blockquote>'
        "<blockquote><p>We waited.</p><cite>Paul</cite></blockquote>"
    )
    found = [(piece.kind, piece.text, piece.speaker) for piece in pieces(html)]
    assert found == [
        ("pull_quote", "Open at last.", "The mayor"),
        ("pull_quote", "A long wait.", ""),
        ("quote", "We waited.", "Paul"),
    ]


def test_a_figure_of_several_pictures_is_a_gallery():
    (gallery,) = pieces(GALLERY)
    assert gallery.kind == "gallery" and gallery.text == "Two views"
    assert [(p.alt, p.caption, p.credit) for p in gallery.pictures] == [
        ("The bridge", "At dawn.", "Ana Ruiz"),
        ("The harbour", "", ""),
    ]


def test_a_related_posts_list_still_goes():
    html = '<p>Body text here.</p><h3>Related posts</h3><ul><li><a href="/a">A</a></li></ul>'
    assert [piece.kind for piece in pieces(html)] == ["paragraph"]


@pytest.mark.django_db
def test_an_imported_article_has_list_table_and_embed_blocks_and_renders(
    home, tmp_path, client, uploads
):
    body = LISTS + TABLE + EMBEDS + PULL_QUOTE + GALLERY
    wxr = tmp_path / "blocks.xml"
    wxr.write_text(
        HEAD
        + "<item><title>Blocks</title><guid>b-1</guid><wp:post_id>1</wp:post_id>"
        + f"<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_name>blocks</wp:post_name>"
        + "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>",
        encoding="utf-8",
    )
    report = import_path(wxr, options=ImportOptions(publish=True, media_dir=uploads))
    assert report.counts["created"] == 1, report.lines()
    article = ArticlePage.objects.get(slug="blocks")
    kinds = [block.block_type for block in article.body]
    assert kinds == [
        "paragraph",
        "bulleted_list",
        "numbered_list",
        "table",
        "embed",
        "paragraph",
        "embed",
        "embed",
        "pull_quote",
        "gallery",
    ]
    gallery = article.body[9].value
    assert gallery["title"] == "Two views" and len(gallery["images"]) == 2
    assert gallery["images"][0]["credit"] == "Ana Ruiz"
    table = article.body[3].value
    assert table["data"] == [["Team", "Score"], ["Riverside", "3"], ["Harbour", ""]]
    assert table["first_row_is_table_header"] and table["table_caption"] == "Results"
    embed = article.body[4].value
    assert (embed.provider, embed.title) == ("youtube", "Council meeting")
    page = client.get(article.url).content.decode()
    assert "<caption>Results</caption>" in page and '<ol class="body-list">' in page
    assert "Council meeting" in page and "Open at last." in page
    assert "onerror" not in page and "javascript:" not in page and "alert(1)" not in page
