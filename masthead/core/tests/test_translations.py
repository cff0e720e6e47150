"""The French interface is shipped complete and compiled."""

import re
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


def catalogue() -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_french_string_is_translated_and_none_is_fuzzy():
    po = catalogue()
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalogue_matches_the_source():
    compiled = polib.mofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.mo"))
    compiled_strings = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in compiled}
    source_strings = {
        (entry.msgctxt, entry.msgid): entry.msgstr for entry in catalogue().translated_entries()
    }
    assert compiled_strings == source_strings


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


def test_placeholders_survive_translation():
    for entry in catalogue().translated_entries():
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            assert all(placeholders(form) <= expected for form in entry.msgstr_plural.values()), (
                entry.msgid
            )
        else:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), entry.msgid


# Names of services, spelled by their owners; no interface language translates them.
BRAND_NAMES = {
    "Telegram",
    "YouTube",
    "Instagram",
    "Facebook",
    "X",
    "LinkedIn",
    "WhatsApp",
    "Bluesky",
    "Mastodon",
    "TikTok",
    "RSS",
    "Atom",
}


def test_brand_names_are_not_in_the_catalogue():
    msgids = {entry.msgid for entry in catalogue()}
    assert BRAND_NAMES & msgids == set()


def test_french_pages_call_telegram_telegram_in_the_footer_and_share_links(section, client):
    from bs4 import BeautifulSoup

    from masthead.core.models import SiteSettings
    from masthead.news.tests.factories import ArticlePageFactory

    site_settings = SiteSettings.for_site(section.get_site())
    site_settings.telegram_url = "https://t.me/masthead_demo"
    site_settings.save()
    article = ArticlePageFactory(parent=section)
    page = BeautifulSoup(client.get("/fr" + article.url).content, "html.parser")
    assert page.html["lang"] == "fr"
    assert [a.get_text(strip=True) for a in page.select(".follow__list a")] == ["Telegram"]
    share = page.select_one(".share__link--telegram").find(string=True, recursive=False)
    assert share == "Telegram"
    assert "Télégramme" not in page.get_text()
