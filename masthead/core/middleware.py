"""Knowing the reader's address behind the proxy Masthead ships with.

Behind nginx every request comes from 127.0.0.1, which would put all readers in one
comment budget. When the request comes from a proxy listed in MASTHEAD_TRUSTED_PROXIES,
the address is taken from X-Forwarded-For: the last entry that is not itself one of
those proxies (entries further left were written by the client and prove nothing).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config


def client_address(remote_addr: str, forwarded_for: str, trusted: frozenset[str]) -> str:
    if remote_addr not in trusted or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote_addr


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = frozenset(settings.MASTHEAD_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                self.trusted,
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turns off the browser features no Masthead page uses (camera, microphone, place,
    interest-based advertising...), for every response, so that a script slipped into a
    page cannot ask the reader for them. The policy is the setting
    MASTHEAD_PERMISSIONS_POLICY: feature name to allow-list ("()" is nobody)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}={allowed}"
            for feature, allowed in settings.MASTHEAD_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's own, looser policy.

    Reader pages get CONTENT_SECURITY_POLICY; every URL under MASTHEAD_ADMIN_PATH_PREFIX
    gets MASTHEAD_ADMIN_CONTENT_SECURITY_POLICY instead, since Wagtail's screens are not
    ours to rid of inline code. A view's own django-csp decorator still wins.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.admin_prefix = settings.MASTHEAD_ADMIN_PATH_PREFIX
        self.admin_policy = default_config(
            settings.MASTHEAD_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        )

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is None and not report_only and self.is_admin(request):
            parts.config = self.admin_policy
        return parts

    def is_admin(self, request: HttpRequest) -> bool:
        return request.path_info.startswith(self.admin_prefix)
