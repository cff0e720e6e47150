from django.contrib.auth.management import create_permissions
from django.db import migrations

from masthead.editorial import roles


def grant_reader_data(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = roles.READER_DATA_PERMISSION
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    permission.group_set.set(Group.objects.filter(name__in=roles.READER_DATA_GROUPS))


def revoke_reader_data(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = roles.READER_DATA_PERMISSION
    Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_newsroom_roles"),
        ("comments", "0005_reader_data_permission"),
    ]

    operations = [migrations.RunPython(grant_reader_data, revoke_reader_data)]
