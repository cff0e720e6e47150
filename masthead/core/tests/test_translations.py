"""The French interface is shipped complete and compiled."""

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


def test_placeholders_survive_translation():
    for entry in catalogue().translated_entries():
        for placeholder in ("%(number)s", "%(total)s"):
            assert (placeholder in entry.msgid) == (placeholder in entry.msgstr), entry.msgid
