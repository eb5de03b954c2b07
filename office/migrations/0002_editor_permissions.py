"""Editors set the office's identity (the name, logo and contacts of the site)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_office", "change_office", "view_office"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label="office", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    # Going back leaves the group's permissions alone, as articles' roles migration does.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
