"""Pages say what they were built from while they render.

Views and page models call `depends_on(request, ...)`; a response that declared nothing
is never cached, so a page nobody thought about is always rendered fresh.
"""

from django.http import HttpRequest

from . import tags

ATTRIBUTE = "_pagecache_tags"


def depends_on(request: HttpRequest, *names: str) -> None:
    declared = getattr(request, ATTRIBUTE, None)
    if declared is None:
        declared = {tags.SITE}
        setattr(request, ATTRIBUTE, declared)
    declared.update(names)


def declared_tags(request: HttpRequest) -> frozenset[str]:
    return frozenset(getattr(request, ATTRIBUTE, ()))
