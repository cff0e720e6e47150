from django.contrib.auth.management import create_permissions
from django.db import migrations

from masthead.editorial import roles


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    app_config = apps.get_app_config("newsletters")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in roles.NEWSLETTER_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="newsletters", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_initial"),
        ("editorial", "0003_writers_edit_only_their_own_pages"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
