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
