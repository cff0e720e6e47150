from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def importer_admin_urls():
    return [
        path("import/", admin_views.import_index, name="importers_index"),
        path("import/<int:run_id>/", admin_views.import_run, name="importers_run"),
        path("export/<str:kind>/", admin_views.export_download, name="importers_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_import(request.user)


@hooks.register("register_settings_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("Import and export"), reverse("importers_index"), icon_name="upload", order=950
    )
