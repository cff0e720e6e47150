"""Old addresses answered as fast as a cached page, without slowing the pages themselves.

Wagtail's redirect middleware looks a path up only when Django answered 404, so a page
that exists never pays for the redirects table, however large. What it lacked is speed
for the old address itself: each request routed the path, rendered the 404 page, then
looked it up. Here a permanent redirect declares what it depends on, so the page cache
keeps it like a page (pagecache/middleware.py stores such 301s) and its hit path answers
the next request for the old address before Django starts. A redirect edited or deleted
in the admin, or an article moved or unpublished, renders it afresh.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.redirects.middleware import RedirectMiddleware
from wagtail.contrib.redirects.models import Redirect

from masthead.pagecache import dependencies
from masthead.pagecache.invalidation import pages_changed

# Every cached redirect; bumped when any redirect changes.
REDIRECTS = "redirects"


class CachedRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response):
        answer = super().process_response(request, response)
        if answer is not response and answer.status_code == 301:
            # The target's address changes when an article moves or is unpublished.
            dependencies.depends_on(request, REDIRECTS, dependencies.ARTICLES)
        return answer


@receiver(post_save, sender=Redirect, dispatch_uid="importers-redirect-saved")
@receiver(post_delete, sender=Redirect, dispatch_uid="importers-redirect-deleted")
def redirect_changed(sender, **kwargs) -> None:
    pages_changed(REDIRECTS)
