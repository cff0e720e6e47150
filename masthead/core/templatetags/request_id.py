"""`{% request_id %}`: the id of the request being answered, for the error pages.

Read from the request log's context variable rather than the template context: Django
renders 500.html with no context at all.
"""

from django import template

from masthead.core.requestlog import current_request_id

register = template.Library()


@register.simple_tag
def request_id() -> str:
    return current_request_id()
