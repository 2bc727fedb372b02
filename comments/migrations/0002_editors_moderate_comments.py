from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_PERMISSIONS = [
    "view_comment", "change_comment", "delete_comment",
    "view_blockedterm", "add_blockedterm", "change_blockedterm",
    "delete_blockedterm",
]  # fmt: skip


def grant_moderation(apps, schema_editor):
    # Permissions are normally created after migrate; the group needs them now.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=EDITORS_PERMISSIONS
        )
    )


def revoke_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="comments", codename__in=EDITORS_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_create_comment_and_blocklist"),
        ("publications", "0003_create_groups"),
    ]

    operations = [migrations.RunPython(grant_moderation, revoke_moderation)]
