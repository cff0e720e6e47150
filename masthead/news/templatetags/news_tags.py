from django import template

from masthead.news import selectors

register = template.Library()


@register.inclusion_tag("components/_section_nav.html", takes_context=True)
def section_nav(context) -> dict:
    """The sections in the menu, marking the one the reader is in."""
    page = context.get("page")
    current_path = getattr(page, "path", "")
    sections = [
        {"page": section, "is_current": current_path.startswith(section.path)}
        for section in selectors.sections_in_menu()
    ]
    is_front_page = page is not None and page.depth == 2
    return {"sections": sections, "is_front_page": is_front_page, "request": context.get("request")}
