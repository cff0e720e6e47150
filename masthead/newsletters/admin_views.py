"""The newsroom's side: send an article to a list, watch and cancel sends, CSV in and out.

Sending needs `newsletters.send_newsletter` (Editors and Administrators); Writers
prepare articles but cannot send them, Moderators see none of it (editorial/roles.py).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from masthead.news.models import ArticlePage

from . import jobs, sending, services
from .forms import ImportForm
from .models import Newsletter, Send

SEND_PERMISSION = "newsletters.send_newsletter"


class SendForm(forms.Form):
    newsletter = forms.ModelChoiceField(
        label=gettext_lazy("Newsletter"),
        queryset=Newsletter.objects.filter(kind=Newsletter.Kind.ARTICLES),
    )
    send_at = forms.DateTimeField(
        label=gettext_lazy("Send at"),
        required=False,
        help_text=gettext_lazy("Empty: at once, or when the article is published."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    again = forms.BooleanField(
        label=gettext_lazy("Yes, send it to this list again"), required=False
    )


@permission_required(SEND_PERMISSION, raise_exception=True)
def send_article(request: HttpRequest, page_id: int) -> HttpResponse:
    article = get_object_or_404(ArticlePage, pk=page_id)
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            send = jobs.send_article(
                newsletter=form.cleaned_data["newsletter"],
                article=article,
                user=request.user,
                send_at=form.cleaned_data["send_at"],
                again=form.cleaned_data["again"],
            )
        except sending.AlreadySent:
            form.add_error(
                "again",
                _("This article went to this newsletter already. Tick the box to send it again."),
            )
        else:
            messages.success(request, _("“%(subject)s” is queued.") % {"subject": send.subject})
            return redirect("newsletters_sends")
    context = {"article": article, "form": form, "header_title": _("Send to a newsletter")}
    return TemplateResponse(request, "newsletters/admin/send_article.html", context)


@permission_required(SEND_PERMISSION, raise_exception=True)
def sends_index(request: HttpRequest) -> HttpResponse:
    sends = list(Send.objects.select_related("newsletter", "created_by")[:50])
    rows = [(send, sending.send_progress(send.pk)) for send in sends]
    context = {
        "rows": rows,
        "newsletters": Newsletter.objects.all(),
        "header_title": _("Newsletter sends"),
    }
    return TemplateResponse(request, "newsletters/admin/sends.html", context)


@require_POST
@permission_required(SEND_PERMISSION, raise_exception=True)
def send_cancel(request: HttpRequest, send_id: int) -> HttpResponse:
    send = get_object_or_404(Send, pk=send_id)
    sending.send_cancel(send)
    messages.success(request, _("“%(subject)s” is cancelled.") % {"subject": send.subject})
    return redirect("newsletters_sends")


@permission_required(SEND_PERMISSION, raise_exception=True)
def subscribers_export(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=newsletter_id)
    response = HttpResponse(
        services.subscribers_csv(newsletter), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{newsletter.slug}-{stamp}.csv"'
    return response


@permission_required(SEND_PERMISSION, raise_exception=True)
def subscribers_import(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=newsletter_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            report = services.subscribers_import(newsletter, text)
        except (UnicodeDecodeError, services.SignupRefused) as error:
            message = getattr(error, "message", _("The file is not UTF-8 text."))
            form.add_error("file", message)
        else:
            messages.success(
                request,
                _("%(added)d added, %(asked)d asked to confirm, %(invalid)d invalid addresses.")
                % {"added": report.added, "asked": report.asked, "invalid": report.invalid},
            )
            return redirect("newsletters_sends")
    title = _("Import subscribers: %(newsletter)s") % {"newsletter": newsletter.name}
    context = {"newsletter": newsletter, "form": form, "header_title": title}
    return TemplateResponse(request, "newsletters/admin/import.html", context)
