from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.inclusion_tag("components/_language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to the page being read in every interface language."""
    request = context["request"]
    current = get_language()
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"languages": languages}


@register.filter
def iso_datetime(value) -> str:
    """A date-time for machines (<time datetime>, metadata), to the second, with its offset."""
    return value.isoformat(timespec="seconds") if value else ""
