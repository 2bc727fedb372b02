from django.core.management.base import BaseCommand

from publications.demo.loader import create_demo_users, load_demo_content
from publications.models import Article


class Command(BaseCommand):
    help = (
        "Load demo authors, articles and comments, including the reference "
        "article. Safe to run again: content is matched by slug and updated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any article exists (used by `make run`).",
        )
        parser.add_argument(
            "--with-users",
            action="store_true",
            help=(
                "Also create the accounts demo-editor (Editors) and demo-author "
                "(Authors, linked to an author) and print their passwords."
            ),
        )

    def handle(self, *args, if_empty=False, with_users=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("Articles exist already; demo content not loaded.")
        else:
            stats = load_demo_content()
            summary = ", ".join(f"{n} {what}" for what, n in sorted(stats.items()))
            self.stdout.write(
                self.style.SUCCESS(f"Demo content loaded: {summary or 'no changes'}.")
            )
        if with_users:
            for username, password in create_demo_users():
                self.stdout.write(f"{username}  password: {password}")
            self.stdout.write("Sign in at /admin/.")
