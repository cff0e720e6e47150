from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EMAIL_MAX_LENGTH


class SignupForm(forms.Form):
    """The sign-up form as posted; checks live in services.signup_request()."""

    # Long enough to reach the service, which says what is wrong with an address.
    email = forms.CharField(max_length=4 * EMAIL_MAX_LENGTH, required=False, strip=False)
    newsletter = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    # The trap: hidden from people, filled in by bots that fill every field.
    website = forms.CharField(required=False, max_length=200)
    placement = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, newsletters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletter"].choices = [(n.pk, n.name) for n in newsletters]
        self.fields["newsletter"].error_messages["invalid_choice"] = _(
            "Choose among the newsletters offered."
        )


class PreferencesForm(forms.Form):
    newsletter = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, newsletters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletter"].choices = [(n.pk, n.name) for n in newsletters]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A header row with an “email” column, and a “consented” column saying yes for "
            "the addresses that agreed to receive this newsletter: they are added at once. "
            "The others get a confirmation mail."
        ),
    )
