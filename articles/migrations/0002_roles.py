"""Create the Reporter and Editor groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Reporter": [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("articles", "view_unit"),
        ("articles", "view_author"),
        ("taggit", "view_tag"),
    ],
    "Editor": [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "delete_article"),
        ("articles", "view_article"),
        ("articles", "publish_article"),
        ("articles", "add_unit"),
        ("articles", "change_unit"),
        ("articles", "delete_unit"),
        ("articles", "view_unit"),
        ("articles", "add_author"),
        ("articles", "change_author"),
        ("articles", "delete_author"),
        ("articles", "view_author"),
        ("taggit", "add_tag"),
        ("taggit", "change_tag"),
        ("taggit", "delete_tag"),
        ("taggit", "view_tag"),
    ],
}


def create_roles(apps, schema_editor):
    """Create the groups with their permissions; on existing groups, add only what is missing."""
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    # Going back leaves the groups alone: deleting them would take every user's membership (and
    # any permission an administrator added) with them, and create_roles finds them again.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
