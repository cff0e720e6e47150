"""Writers keep "add" on pages and lose "change": they edit and delete only their own
drafts (issue 12, finding 6: a writer could delete another writer's draft). Installs
migrated before this change drop the permission here; new installs never get it."""

from django.db import migrations

from masthead.editorial import roles


def page_permissions(apps, codename: str):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    return GroupPagePermission.objects.filter(
        group__name=roles.WRITERS,
        permission__content_type__app_label="wagtailcore",
        permission__codename=codename,
    )


def writers_edit_their_own(apps, schema_editor):
    page_permissions(apps, "change_page").delete()


def writers_edit_every_page(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    writers = Group.objects.filter(name=roles.WRITERS).first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    if writers is None or root is None:
        return
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.get_or_create(group=writers, page=root, permission=change)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_reader_data_for_administrators")]

    operations = [migrations.RunPython(writers_edit_their_own, writers_edit_every_page)]
