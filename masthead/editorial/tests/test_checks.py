from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from masthead.editorial.checks import (
    Block,
    Draft,
    body_length,
    duplicate_paragraphs,
    empty_dek,
    heading_order,
    headline_length,
    image_alt_text,
    insecure_links,
    mixed_quotation_marks,
    normalised,
    paragraphs,
    quote_speaker,
    run_checks,
)

LEDE = (
    "The two-day meeting, co-chaired by Sean O'Neill and Kung Phoak, brought senior officials "
    "of both sides together to take their comprehensive strategic partnership further."
)


def draft(
    *blocks: Block,
    headline: str = "Talks end in Siem Reap",
    dek: str = "A summary.",
    featured_alt=None,
) -> Draft:
    return Draft(headline=headline, dek=dek, blocks=list(blocks), featured_image_alt=featured_alt)


def paragraph(text: str) -> Block:
    return Block("paragraph", text=text, html=f"<p>{text}</p>")


def findings(check, subject: Draft) -> list[str]:
    return list(check(subject))


class TestDuplicateParagraphs:
    def test_distinct_paragraphs_pass(self):
        assert (
            findings(
                duplicate_paragraphs, draft(paragraph(LEDE), paragraph("Another point entirely."))
            )
            == []
        )

    def test_the_reference_pages_repeated_lede_is_caught(self):
        # The reference page prints its lede twice, the second time without its full stop.
        subject = draft(
            paragraph(LEDE), paragraph(LEDE.rstrip(".")), paragraph("Key outcomes followed.")
        )
        assert findings(duplicate_paragraphs, subject) == ["Paragraph 2 repeats paragraph 1."]

    def test_a_near_duplicate_with_a_word_changed_is_caught(self):
        assert (
            findings(
                duplicate_paragraphs,
                draft(paragraph(LEDE), paragraph(LEDE.replace("senior", "top"))),
            )
            != []
        )

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.text(alphabet="abc de", min_size=0, max_size=40), min_size=1, max_size=8),
        st.randoms(use_true_random=False),
    )
    def test_the_quick_bounds_change_no_finding(self, texts, rng):
        """The same findings as comparing every pair with ratio() alone."""
        texts = texts + [text + rng.choice(["", "x", " e"]) for text in texts]
        subject = draft(*(paragraph(text) for text in texts))
        normalised_texts = [normalised(text) for text in paragraphs(subject)]
        expected = []
        for later, text in enumerate(normalised_texts):
            for earlier in range(later):
                if SequenceMatcher(None, normalised_texts[earlier], text).ratio() >= 0.9:
                    expected.append(f"Paragraph {later + 1} repeats paragraph {earlier + 1}.")
                    break
        assert findings(duplicate_paragraphs, subject) == expected


class TestQuotationMarks:
    def test_one_style_with_apostrophes_passes(self):
        assert (
            findings(
                mixed_quotation_marks,
                draft(paragraph("O'Neill called it “a milestone”. Cambodia's view was “hopeful”.")),
            )
            == []
        )

    def test_straight_and_typographic_quotes_mixed_are_flagged(self):
        assert (
            findings(
                mixed_quotation_marks,
                draft(paragraph('He said "yes".'), paragraph("She said “no”.")),
            )
            != []
        )

    def test_single_and_double_typographic_quotes_mixed_are_flagged(self):
        subject = draft(
            paragraph("‘Our priorities are clear,’ he said."),
            paragraph("She called for “mutual benefit”."),
        )
        assert findings(mixed_quotation_marks, subject) != []


class TestImages:
    def test_images_with_alt_text_pass(self):
        assert (
            findings(
                image_alt_text, draft(Block("image", alt_text="Delegates"), featured_alt="A table")
            )
            == []
        )

    def test_body_image_without_alt_text_is_flagged(self):
        assert findings(image_alt_text, draft(Block("image", alt_text=" "))) == [
            "Image 1 has no alt text."
        ]

    def test_featured_image_without_alt_text_is_flagged(self):
        assert findings(image_alt_text, draft(featured_alt="")) == [
            "The featured image has no alt text."
        ]


class TestHeadings:
    def test_sections_then_subheadings_with_text_pass(self):
        subject = draft(
            Block("heading", "Outcomes", "h2"),
            paragraph("x"),
            Block("heading", "Detail", "h3"),
            paragraph("y"),
        )
        assert findings(heading_order, subject) == []

    def test_a_subheading_before_any_section_is_flagged(self):
        assert (
            findings(heading_order, draft(Block("heading", "Detail", "h3"), paragraph("y"))) != []
        )

    def test_a_heading_with_nothing_after_it_is_flagged(self):
        subject = draft(
            Block("heading", "Outlook", "h2"), Block("heading", "Statements", "h2"), paragraph("z")
        )
        assert findings(heading_order, subject) == ["Heading “Outlook” has no text after it."]

    def test_a_heading_at_the_very_end_is_flagged(self):
        assert (
            findings(heading_order, draft(paragraph("x"), Block("heading", "Outlook", "h2"))) != []
        )


def test_a_quote_needs_a_speaker():
    assert (
        findings(quote_speaker, draft(Block("quote", text="We agree.", speaker="Kung Phoak"))) == []
    )
    assert findings(quote_speaker, draft(Block("quote", text="We agree.", speaker=""))) != []


def test_the_dek_must_not_be_empty():
    assert findings(empty_dek, draft(dek="Two days of talks.")) == []
    assert findings(empty_dek, draft(dek="  ")) == ["The dek is empty."]


def test_headlines_over_110_characters_are_flagged():
    assert findings(headline_length, draft(headline="x" * 110)) == []
    assert findings(headline_length, draft(headline="x" * 111)) != []


def test_links_to_http_are_flagged():
    secure = Block("paragraph", text="x", html='<p><a href="https://example.org">x</a></p>')
    insecure = Block("paragraph", text="x", html='<p><a href="http://example.org">x</a></p>')
    assert findings(insecure_links, draft(secure)) == []
    assert findings(insecure_links, draft(insecure)) == [
        "1 link(s) use http:// instead of https://."
    ]


def test_a_short_body_is_flagged_with_a_configurable_minimum(settings):
    settings.MASTHEAD_MIN_BODY_WORDS = 5
    assert findings(body_length, draft(paragraph("one two three four five"))) == []
    settings.MASTHEAD_MIN_BODY_WORDS = 6
    assert findings(body_length, draft(paragraph("one two three four five"))) != []


@pytest.mark.parametrize("errors", [{"empty_dek"}, set()])
def test_which_checks_are_errors_is_a_setting(settings, errors):
    settings.MASTHEAD_EDITORIAL_ERRORS = errors
    (finding,) = [
        f for f in run_checks(draft(paragraph("word " * 200), dek="")) if f.check == "empty_dek"
    ]
    assert finding.is_error == bool(errors)


def test_the_demo_lead_article_passes_every_check(demo):
    from masthead.editorial.checks import draft_from_stream
    from masthead.news.models import HomePage

    lead = HomePage.objects.get().lead_article
    assert run_checks(draft_from_stream(lead.title, lead.dek, lead.body, lead.featured_image)) == []
