"""Signing in to the admin: who is asking (behind the proxy) and what a locked-out
person is told.

django-axes counts failed sign-ins per account and per address and refuses both for
a while once either has failed too often (settings: AXES_*). These two functions are
the places it asks Masthead.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from wagtail.admin.views.account import get_user_login_form, password_reset_enabled

from axes.helpers import get_cool_off


def client_address(request: HttpRequest) -> str:
    """The address axes counts failures against.

    TrustedProxyMiddleware has already put the reader's address in REMOTE_ADDR when the
    request came through a trusted proxy (and left it alone otherwise). Naming this
    function in AXES_CLIENT_IP_CALLABLE keeps axes from reading X-Forwarded-For itself,
    which any client can write.
    """
    return request.META.get("REMOTE_ADDR", "")


def wait_in_minutes(request: HttpRequest) -> int:
    """Each refused attempt starts the cool-off again, so the wait is a whole one."""
    return max(1, round(get_cool_off(request).total_seconds() / 60))


def lockout_message(minutes: int) -> str:
    return ngettext(
        "Too many failed sign-ins for this account or from your network. "
        "Try again in %(minutes)d minute.",
        "Too many failed sign-ins for this account or from your network. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The sign-in page again, with the time to wait, answered 429 with Retry-After."""
    minutes = wait_in_minutes(request)
    messages.error(request, lockout_message(minutes))
    username = (credentials or {}).get("username", "")
    context = {
        "form": get_user_login_form()(request, initial={"username": username}),
        "next": request.POST.get("next", ""),
        "show_password_reset": password_reset_enabled(),
    }
    # Axes answers from its middleware, after the view: render here, not later.
    response = TemplateResponse(request, "wagtailadmin/login.html", context, status=429).render()
    response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    return response
