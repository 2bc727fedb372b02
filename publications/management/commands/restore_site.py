from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publications.backup import BackupError, latest_backup, restore_site


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site into a fresh database and media "
        "folder, then check row counts and checksums against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "backup",
            nargs="?",
            type=Path,
            help="Backup folder (default: the newest under var/backups).",
        )
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of DATABASE_URL's.",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            help="Restore media here instead of MEDIA_ROOT.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database and media folder that are not empty.",
        )

    def handle(self, *args, backup=None, **options):
        try:
            source = backup or latest_backup(Path(settings.VAR_DIR) / "backups")
            result = restore_site(
                source=source,
                database_url=options["database_url"],
                media_root=options["media_root"],
                replace=options["replace"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name, table in result["tables"].items():
            if not table["ok"]:
                self.stderr.write(
                    f"{name}: {table['rows']} rows restored, "
                    f"{table['expected_rows']} expected, or content differs"
                )
        media = result["media"]
        if media and not media["ok"]:
            self.stderr.write(
                f"media: {media['files']} files restored, "
                f"{media['expected_files']} expected, or content differs"
            )
        if not result["ok"]:
            raise CommandError(f"Restore of {source} does not match its manifest.")
        rows = sum(table["rows"] for table in result["tables"].values())
        self.stdout.write(
            f"Restored {source}: {len(result['tables'])} tables, {rows} rows"
            + (f", {media['files']} media files" if media else "")
            + "; counts and checksums match the manifest."
        )
