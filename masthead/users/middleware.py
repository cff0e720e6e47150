"""The second step of signing in, enforced: a session that has passed the password but
not the code is sent to the code (or, for an Administrator who must have an app and has
none, to set one up) from every page but those steps themselves and signing out."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import twofactor

STEP_URL_NAMES = {twofactor.VERIFY: "users_2fa_verify", twofactor.ENROL: "users_2fa_enrol"}
# The admin's own pages that a half-signed-in person may still load: signing out, and
# the translations and the icons the admin's scripts fetch on the step's page.
OPEN_URL_NAMES = ["wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"]


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.detour(request) or self.get_response(request)

    def detour(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        step = twofactor.step_needed(user)
        if step is None:
            return None
        step_url = reverse(STEP_URL_NAMES[step])
        open_urls = {step_url, *(reverse(name) for name in OPEN_URL_NAMES)}
        if request.path in open_urls:
            return None
        return redirect(f"{step_url}?{urlencode({'next': request.get_full_path()})}")
