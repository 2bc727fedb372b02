"""Put back what the data migrations create, after a transactional test's flush.

A flush empties every table; Django's post-migrate signal then recreates the
content types and permissions, but not the categories and groups our data
migrations made. Restoring a serialized copy instead collides with those
recreated content types, so the rows are rebuilt from the migrations' own lists.
"""

from importlib import import_module

from django.contrib.auth.models import Group, Permission

from publications.models import Category

categories = import_module("publications.migrations.0002_create_categories")
groups = import_module("publications.migrations.0003_create_groups")
workflow = import_module("publications.migrations.0006_editors_workflow_permissions")
moderation = import_module("comments.migrations.0002_editors_moderate_comments")


def _grant(group: Group, app_label: str, codenames) -> None:
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )


def restore_initial_data() -> None:
    for position, (name, slug) in enumerate(categories.CATEGORIES):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    for name, spec in [
        ("Authors", groups.AUTHORS_PERMISSIONS),
        ("Editors", groups.EDITORS_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in spec.items():
            _grant(group, app_label, codenames)
    editors = Group.objects.get(name="Editors")
    _grant(editors, "publications", workflow.EDITORS_PERMISSIONS)
    _grant(editors, "comments", moderation.EDITORS_PERMISSIONS)
