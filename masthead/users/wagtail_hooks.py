from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import twofactor, views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-step/", views.enrol, name="users_2fa_enrol"),
        path("two-step/code/", views.verify, name="users_2fa_verify"),
        path("two-step/remove/", views.remove, name="users_2fa_remove"),
        path("signin-failures/", views.signin_failures, name="users_signin_failures"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("users_2fa_enrol"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code from an authenticator app after your password."),
    }


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return twofactor.is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def signin_failures_menu_item():
    return AdministratorMenuItem(
        _("Failed sign-ins"), reverse("users_signin_failures"), icon_name="warning", order=910
    )
