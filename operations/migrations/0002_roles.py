"""Editors manage operations; reporters see them, to choose one for their release."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Reporter": ["view_operation"],
    "Editor": ["add_operation", "change_operation", "delete_operation", "view_operation"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("operations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="operations", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    # Going back leaves the groups' permissions alone, like articles' roles migration.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
