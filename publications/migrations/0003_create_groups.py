from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHORS_PERMISSIONS = {
    "publications": [
        "add_article", "change_article", "view_article",
        "view_author", "view_category", "add_articleauthor",
        "change_articleauthor", "delete_articleauthor", "view_articleauthor",
    ],
    "taggit": ["add_tag", "view_tag"],
}  # fmt: skip

EDITORS_PERMISSIONS = {
    "publications": [
        "add_article", "change_article", "delete_article", "view_article",
        "publish_article", "export_pdfs",
        "add_author", "change_author", "delete_author", "view_author",
        "change_category", "view_category",
        "add_articleauthor", "change_articleauthor", "delete_articleauthor",
        "view_articleauthor",
    ],
    "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
}  # fmt: skip


def permissions_for(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in spec.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, spec in [("Authors", AUTHORS_PERMISSIONS), ("Editors", EDITORS_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions_for(apps, spec))


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Authors", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_create_categories"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
