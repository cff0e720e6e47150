from django.contrib.auth.management import create_permissions
from django.db import migrations

from masthead.editorial import roles


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group, root_page, root_collection):
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.filter(group=group).delete()
    for codename in roles.PAGE_PERMISSIONS[group.name]:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.create(group=group, page=root_page, permission=permission)
    for codename in roles.COLLECTION_PERMISSIONS[group.name]:
        app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.create(group=group, collection=root_collection, permission=permission)
    if group.name == roles.ADMINISTRATORS:
        group.permissions.set(Permission.objects.all())
    else:
        group.permissions.set(
            [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in roles.MODEL_PERMISSIONS[group.name]]
        )


def review_workflow(apps, editors, root_page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=roles.REVIEW_TASK, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set([editors])
    Workflow.objects.exclude(name=roles.REVIEW_WORKFLOW).update(active=False)
    workflow, _created = Workflow.objects.get_or_create(name=roles.REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    groups = {}
    for name in (roles.WRITERS, roles.EDITORS, roles.MODERATORS, roles.ADMINISTRATORS):
        groups[name], _created = Group.objects.get_or_create(name=name)
        grant(apps, groups[name], root_page, root_collection)
    review_workflow(apps, groups[roles.EDITORS], root_page)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderators_group"),
        ("news", "0003_articlepage_canonical_url_articlecorrection"),
        ("images", "0002_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
