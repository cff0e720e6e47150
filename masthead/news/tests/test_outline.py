from masthead.news.outline import OutlineEntry, assign_heading_anchors, table_of_contents
from masthead.news.tests.factories import ArticlePageFactory


def headings(article):
    return [block.value for block in article.body if block.block_type == "heading"]


def test_anchors_are_made_from_heading_text(section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            {
                "type": "heading",
                "value": {"text": "Crisis in Myanmar", "level": "h2", "anchor": ""},
            },
        ],
    )
    assert headings(article)[0]["anchor"] == "crisis-in-myanmar"


def test_repeated_headings_get_distinct_anchors(section):
    heading = {"type": "heading", "value": {"text": "Reaction", "level": "h2", "anchor": ""}}
    article = ArticlePageFactory(parent=section, body=[heading, heading, heading])
    assert [h["anchor"] for h in headings(article)] == ["reaction", "reaction-2", "reaction-3"]


def test_anchor_never_takes_an_id_the_layout_uses(section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            {"type": "heading", "value": {"text": "Main", "level": "h2", "anchor": ""}},
            {"type": "heading", "value": {"text": "Contents", "level": "h2", "anchor": ""}},
        ],
    )
    assert [h["anchor"] for h in headings(article)] == ["main-2", "contents-2"]


def test_anchor_survives_rewording_the_heading(section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            {"type": "heading", "value": {"text": "Outlook", "level": "h2", "anchor": ""}},
        ],
    )
    headings(article)[0]["text"] = "Outlook for the partnership"
    article.save()
    article.refresh_from_db()
    assert headings(article)[0]["anchor"] == "outlook"


def test_heading_without_letters_still_gets_an_anchor(section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            {"type": "heading", "value": {"text": "???", "level": "h2", "anchor": ""}},
        ],
    )
    assert headings(article)[0]["anchor"] == "section"


def test_table_of_contents_lists_section_headings_not_subheadings(section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            {"type": "heading", "value": {"text": "Outcomes", "level": "h2", "anchor": ""}},
            {"type": "heading", "value": {"text": "Detail", "level": "h3", "anchor": ""}},
            {"type": "heading", "value": {"text": "Outlook", "level": "h2", "anchor": ""}},
        ],
    )
    assert table_of_contents(article.body) == [
        OutlineEntry("outcomes", "Outcomes"),
        OutlineEntry("outlook", "Outlook"),
    ]


def test_assigning_anchors_keeps_those_already_set(section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            {"type": "heading", "value": {"text": "Outlook", "level": "h2", "anchor": "what-next"}},
            {"type": "heading", "value": {"text": "What next", "level": "h2", "anchor": ""}},
        ],
    )
    assign_heading_anchors(article.body)
    assert [h["anchor"] for h in headings(article)] == ["what-next", "what-next-2"]
