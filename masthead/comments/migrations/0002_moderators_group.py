from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "delete_comment"),
]


def create_moderators(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Moderators")
    # Wagtail's first migrations create a "Moderators" group that may publish pages and
    # edit images; in Masthead the role is comments only.
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=group).delete()
    group.permissions.clear()
    for app_label, codename in MODERATOR_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
        ("wagtailimages", "0001_squashed_0021"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
