from django import template

from masthead.core import memo

from ..selectors import public_newsletters

register = template.Library()


@register.inclusion_tag("newsletters/_signup_form.html")
def newsletter_signup(placement: str) -> dict:
    """The sign-up form: the same for every reader, so the page stays shareable in cache."""
    newsletters = memo.site_wide("newsletters:public", lambda: list(public_newsletters()))
    return {"newsletters": newsletters, "placement": placement}
