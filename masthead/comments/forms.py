import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.core.converters import LARGEST_ID

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH
from .moderation import form_token

RATING_CHOICES = [
    ("", _("No rating")),
    ("1", _("1 star")),
    ("2", _("2 stars")),
    ("3", _("3 stars")),
    ("4", _("4 stars")),
    ("5", _("5 stars")),
]


def fresh_token(article_id: int) -> str:
    """A time-trap token for one submission: it is also the submission's idempotency key."""
    return form_token(article_id, secrets.token_urlsafe(12))


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH, required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Never shown. Only used if you ask us for your comments or to erase them."),
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    rating = forms.TypedChoiceField(
        label=_("Your rating (optional)"),
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    # Bounded above too: a wider number overflows the database driver (a 500, not a 400).
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID
    )
    # Filled in per reader (comments.js asks /comments/<id>/token/), never baked into a
    # page that the cache shares between readers; see views.comment_post.
    token = forms.CharField(widget=forms.HiddenInput, max_length=400, required=False)
    # Humans never see this field; bots that fill every input do.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    @classmethod
    def for_article(cls, article, *, parent_id: int | None = None, user=None) -> "CommentForm":
        """A fresh form, the same for every anonymous reader; signed-in staff find their
        own name already filled in."""
        name = (
            (user.get_full_name() or user.get_username()) if user and user.is_authenticated else ""
        )
        return cls(initial={"parent": parent_id, "rating": "", "name": name})

    def clean(self):
        data = super().clean()
        if not data.get("body") and data.get("rating") is None and "rating" not in self.errors:
            raise forms.ValidationError(_("Write a comment or choose a rating."), code="empty")
        if data.get("body") and not data.get("name"):
            self.add_error("name", _("Tell readers who you are: a name is needed with a comment."))
        if data.get("parent") and data.get("rating") is not None:
            self.add_error(
                "rating",
                _("A reply cannot carry a rating; rate the article in a comment of its own."),
            )
        return data
