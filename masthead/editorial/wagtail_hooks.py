from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks

from masthead.news.models import ArticlePage

from . import services
from .forms import refusal_message


@hooks.register("before_publish_page")
def refuse_publication_with_errors(request, page):
    """Stop an article whose checks report an error from going live, once its draft is saved.

    Wagtail calls this after saving the submitted draft as a revision, so nothing typed is
    lost; the editor is sent back to that draft, whose checks panel lists the errors.
    """
    if not isinstance(page, ArticlePage):
        return None
    created = request.resolver_match.view_name == "wagtailadmin_pages:add"
    errors = services.article_publication_refusal(article=page, created=created)
    if not errors:
        return None
    messages.error(request, f"{_('Draft saved.')} {refusal_message(errors)}")
    return redirect("wagtailadmin_pages:edit", page.pk)
