"""The admin's two-step sign-in screens and the log of failed sign-ins."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from axes.models import AccessFailureLog

from . import twofactor
from .signin import lockout_response

FAILURES_SHOWN = 200


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def typed_code(self) -> str:
        return self.cleaned_data["code"].strip()


def next_url(request: HttpRequest) -> str:
    """Where the person was going, if it is on this site; else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def wrong_code_message() -> str:
    return _("That code is not right. Check that your device's clock is correct and try again.")


def wait_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Try again in %(seconds)d second.",
        "Too many wrong codes. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the app, after the password."""
    device = twofactor.confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if wait := twofactor.seconds_to_wait(device):
            form.add_error("code", wait_message(wait))
            status = 429
        elif twofactor.code_check(request=request, device=device, code=form.typed_code()):
            return redirect(next_url(request))
        elif getattr(request, "axes_locked_out", False):
            username = request.user.get_username()
            logout(request)  # locked out: back to the password, which axes now refuses
            return lockout_response(request, None, {"username": username})
        else:
            form.add_error("code", wrong_code_message())
    context = {"form": form, "next": next_url(request)}
    return TemplateResponse(request, "users/two_factor_verify.html", context, status=status)


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), type a code."""
    if twofactor.confirmed_device(request.user) is not None:
        return TemplateResponse(request, "users/two_factor_on.html", enrolled_context(request))
    device = twofactor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.enrolment_confirm(request=request, device=device, code=form.typed_code()):
            messages.success(request, _("Two-step verification is on for your account."))
            return redirect(next_url(request))
        form.add_error("code", wrong_code_message())
    context = {
        "form": form,
        "next": request.GET.get("next", ""),
        "enrolment": twofactor.enrolment_details(device),
        "required": not twofactor.may_remove(request.user),
        "header_title": _("Two-step verification"),
    }
    return TemplateResponse(request, "users/two_factor_enrol.html", context)


def enrolled_context(request: HttpRequest) -> dict:
    return {
        "may_remove": twofactor.may_remove(request.user),
        "header_title": _("Two-step verification"),
    }


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    if not twofactor.may_remove(request.user):
        messages.error(request, _("Administrators must keep two-step verification on."))
    else:
        twofactor.devices_remove(user=request.user)
        messages.success(request, _("Two-step verification is off for your account."))
    return redirect("users_2fa_enrol")


def signin_failures(request: HttpRequest) -> HttpResponse:
    """Every failed sign-in (a wrong password or a wrong code), newest first: who, from
    where, when. Administrators only: it names accounts and addresses."""
    if not twofactor.is_administrator(request.user):
        raise PermissionDenied
    failures = AccessFailureLog.objects.order_by("-attempt_time")[:FAILURES_SHOWN]
    context = {
        "failures": failures,
        "shown": FAILURES_SHOWN,
        "header_title": _("Failed sign-ins"),
    }
    return TemplateResponse(request, "users/signin_failures.html", context)
