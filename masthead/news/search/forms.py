"""The reader's search form: words, a section, a date range."""

import re
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import SectionPage

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)
# The calendar a search can span. Python's dates stop at 9999-12-31 and the search adds a
# day to the end date (and the database converts to UTC): a day at either edge of that
# calendar overflowed into a 500 before these bounds.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9998, 12, 31)


def bounded_date(label) -> forms.DateField:
    message = format_lazy(
        _("Choose a date between {earliest} and {latest}."),
        earliest=EARLIEST_DATE.isoformat(),
        latest=LATEST_DATE.isoformat(),
    )
    return forms.DateField(
        label=label,
        required=False,
        validators=[
            MinValueValidator(EARLIEST_DATE, message=message),
            MaxValueValidator(LATEST_DATE, message=message),
        ],
        widget=forms.DateInput(
            attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
        ),
    )


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
    start = bounded_date(_("From"))
    end = bounded_date(_("To"))

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
