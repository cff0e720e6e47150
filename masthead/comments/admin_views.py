"""Admin pages beyond the moderation queue: rating insight and readers' data requests."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks

from . import insight, services

# Personal data: Administrators only (masthead/editorial/roles.py, docs/newsroom.md).
READER_DATA_PERMISSION = "comments.manage_reader_data"


@permission_required("wagtailadmin.access_admin", raise_exception=True)
def ratings_overview(request: HttpRequest) -> HttpResponse:
    context = {
        "articles": insight.rated_articles(),
        "sections": insight.section_extremes(),
        "min_ratings": insight.MIN_RATINGS_TO_RANK,
        "header_title": _("Ratings"),
    }
    return TemplateResponse(request, "comments/admin/ratings.html", context)


def other_reader_data() -> list:
    """What other apps keep about a reader: (name, export(email), erase(email)) from
    their `masthead_reader_data` hook (the newsletters' subscribers)."""
    return [hook() for hook in hooks.get_hooks("masthead_reader_data")]


class ReaderDataForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Reader's e-mail address"))
    confirm_erase = forms.BooleanField(
        label=gettext_lazy("I confirm: erase every comment sent with this address"), required=False
    )


@permission_required(READER_DATA_PERMISSION, raise_exception=True)
def reader_data(request: HttpRequest) -> HttpResponse:
    form = ReaderDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            data = {"email": email, "comments": services.reader_data_export(email)}
            for name, export_data, _erase in other_reader_data():
                data[name] = export_data(email)
            export = json.dumps(
                data,
                indent=2,
                ensure_ascii=False,
            )
            response = HttpResponse(export, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="comments-{slugify(email)}.json"'
            )
            return response
        if "erase" in request.POST:
            if not form.cleaned_data["confirm_erase"]:
                form.add_error("confirm_erase", _("Tick the box to confirm the erasure."))
            else:
                erased = services.reader_data_erase(email)
                for _name, _export, erase in other_reader_data():
                    erase(email)
                messages.success(request, _("%(count)d comments erased.") % {"count": erased})
                return redirect("comments_reader_data")
    return TemplateResponse(
        request,
        "comments/admin/reader_data.html",
        {"form": form, "header_title": _("Readers' data")},
    )
