from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_PERMISSIONS = [
    "add_correction", "change_correction", "delete_correction", "view_correction",
    "add_previewlink", "change_previewlink", "delete_previewlink", "view_previewlink",
    "add_articleredirect", "change_articleredirect", "delete_articleredirect",
    "view_articleredirect", "view_articletransition",
]  # fmt: skip


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; the group needs them now.
    app_config = apps.get_app_config("publications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="publications", codename__in=EDITORS_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="publications",
                codename__in=EDITORS_PERMISSIONS,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0005_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
