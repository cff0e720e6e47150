"""The reader's search form: words, a section, a date range."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import SectionPage

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=SectionPage.objects.none(),  # the live sections, set per form below
        required=False,
        to_field_name="slug",
        empty_label=_("All sections"),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = selectors.live_sections_query()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date comes before the start date."))
        return data

    def query(self) -> str:
        """The words of the query; punctuation alone leaves nothing to search for."""
        return " ".join(WORD.findall(self.cleaned_data.get("q", "")))
