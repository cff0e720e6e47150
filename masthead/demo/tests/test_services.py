from datetime import date

from django.core.management import call_command

from wagtail.models import Page, Site

from masthead.core.models import SiteSettings
from masthead.demo import content
from masthead.demo.services import load_demo_site
from masthead.embeds.models import EmbedPreview
from masthead.news.models import ArticlePage, Author, HomePage


def test_demo_replaces_wagtails_welcome_page_with_a_front_page(db):
    load_demo_site()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_demo_loads_once_and_a_second_run_changes_nothing(db):
    first = load_demo_site()
    counts = (Page.objects.count(), Author.objects.count(), Site.objects.count())
    second = load_demo_site()
    assert first.created and not second.created
    assert (Page.objects.count(), Author.objects.count(), Site.objects.count()) == counts


def test_lead_article_tells_the_reference_event(demo):
    lead = HomePage.objects.get().lead_article
    assert lead.publication_date.astimezone(content.PHNOM_PENH).date() == date(2025, 4, 22)
    assert lead.dateline == "Siem Reap"
    assert [e.text for e in lead.table_of_contents][-2:] == ["Statements", "Outlook"]
    speakers = [block.value["speaker"] for block in lead.body if block.block_type == "quote"]
    assert speakers == ["Sean O'Neill", "Kung Phoak"]


def test_lead_article_does_not_repeat_a_paragraph(demo):
    paragraphs = [
        block.value.source
        for block in HomePage.objects.get().lead_article.body
        if block.block_type == "paragraph"
    ]
    assert len(paragraphs) == len(set(paragraphs))


def test_sample_articles_are_labelled_and_spread_over_sections(demo):
    samples = ArticlePage.objects.filter(title__startswith="Sample: ")
    assert samples.count() >= 6
    sections = {article.get_parent().pk for article in samples}
    assert len(sections) >= 3
    assert all("Sample" in article.tags.names() for article in samples)


def test_site_settings_carry_name_tagline_and_every_social_profile(demo):
    settings = SiteSettings.objects.get()
    assert settings.site_name == content.SITE_NAME
    assert len(settings.social_links()) == 6


def test_load_demo_command_reports_both_outcomes(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "Demo site loaded: 8 articles." in output
    assert "demo not loaded again" in output


def test_a_sample_embeds_a_video_from_a_preview_stored_without_asking_the_provider(demo):
    article = ArticlePage.objects.get(slug="sample-shadow-puppet-weekend")
    embeds = [block.value for block in article.body if block.block_type == "embed"]
    assert [embed.title for embed in embeds] == ["Me at the zoo"]
    preview = EmbedPreview.objects.get(url=embeds[0].url)
    assert preview.provider == "youtube" and preview.thumbnail_id == embeds[0].thumbnail_id
    assert embeds[0].thumbnail.description  # a drawn picture, with its alt text
