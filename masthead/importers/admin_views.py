"""The admin's Import page (upload, progress, report) and the export downloads."""

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masthead.editorial.roles import ADMINISTRATORS, EDITORS

from . import runs
from .export import export_wxr, write_json_zip
from .models import ImportRun

MAX_UPLOAD_BYTES = 1024**3


def may_import(user) -> bool:
    """Administrators and Editors: an import writes articles across every section."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name__in=[ADMINISTRATORS, EDITORS]).exists()
    )


def importers_only(view):
    def checked(request: HttpRequest, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Export file or saved pages"),
        help_text=gettext_lazy(
            "A WordPress export (.xml), a Ghost export (.json), a saved page (.html), a page's "
            "text (.txt) or a .zip of pages. Articles come in as drafts."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Keep each article's status (publish what was published)"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is over 1 GB: import it with `masthead import`.")
            )
        return upload


@importers_only
def import_index(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        run = runs.run_create(
            upload=form.cleaned_data["file"],
            user=request.user,
            publish=form.cleaned_data["publish"],
        )
        runs.run_start(run)
        return redirect("importers_run", run.pk)
    context = {
        "form": form,
        "runs": ImportRun.objects.all()[:10],
        "header_title": _("Import and export"),
    }
    return TemplateResponse(request, "importers/admin/index.html", context)


@importers_only
def import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=run_id)
    context = {
        "run": run,
        "finished": run.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED),
        "report": run.report,
        "header_title": _("Import of %(name)s") % {"name": run.file_name},
    }
    return TemplateResponse(request, "importers/admin/run.html", context)


@importers_only
def export_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("wxr", "json"):
        raise Http404
    if kind == "wxr":
        response = StreamingHttpResponse(
            export_wxr(), content_type="application/xml; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="masthead-export.xml"'
        return response
    target = Path(tempfile.mkstemp(prefix="masthead-export-", suffix=".zip")[1])
    write_json_zip(target)
    response = FileResponse(target.open("rb"), as_attachment=True, filename="masthead-export.zip")
    target.unlink()  # the open file stays readable until the response closes it
    return response
