from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments.services import erase_old_ips


class Command(BaseCommand):
    help = (
        "Erase the IP addresses and browser strings of comments older than "
        "COMMENTS_IP_RETENTION_DAYS days. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of COMMENTS_IP_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        if days is None:
            days = settings.COMMENTS_IP_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        erased = erase_old_ips(days=days)
        self.stdout.write(f"Erased IP addresses of {erased} comment(s).")
