from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publications.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "Back up the database and media into var/backups/<timestamp>/ with a "
        "manifest of row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Folder to create for this backup (default: var/backups/<UTC time>).",
        )
        parser.add_argument(
            "--no-media", action="store_true", help="Back up the database only."
        )

    def handle(self, *args, output=None, no_media=False, **options):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = (output or Path(settings.VAR_DIR) / "backups" / stamp).resolve()
        try:
            manifest = backup_site(destination=destination, include_media=not no_media)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(table["rows"] for table in manifest["tables"].values())
        media = manifest["media"] or {}
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{media.get('files', 0)} media files to {destination}"
        )
