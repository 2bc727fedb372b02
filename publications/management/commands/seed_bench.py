import time

from django.core.management.base import BaseCommand, CommandError

from publications import pagecache
from publications.demo.seeding import seed_articles


class Command(BaseCommand):
    help = (
        "Add N realistic articles for benchmarks: both languages, all five "
        "categories, authors, tags, comments and translations, written in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, required=True, help="How many articles to add."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=0,
            help="Random seed; the same seed gives the same mix of content.",
        )

    def handle(self, *args, articles, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        started = time.monotonic()
        progress = None
        if options["verbosity"] > 1:
            progress = self.stdout.write
        stats = seed_articles(articles=articles, seed=seed, progress=progress)
        # Rows written in bulk send no signals: let every stored page go.
        pagecache.purge_all()
        summary = ", ".join(f"{n:,} {what}" for what, n in sorted(stats.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {summary} in {time.monotonic() - started:.1f} s."
            )
        )
