from django.db import migrations

CATEGORIES = [
    ("Analiz", "analiz"),
    ("Yorum", "yorum"),
    ("Blog", "blog"),
    ("Rapor", "rapor"),
    ("Bülten", "bulten"),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("publications", "Category")
    for position, (name, slug) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("publications", "Category")
    Category.objects.filter(
        slug__in=[slug for _, slug in CATEGORIES], articles__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(create_categories, remove_categories)]
