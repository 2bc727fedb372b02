"""Back up and restore the database and media, with a manifest to check both.

A backup is a folder `var/backups/<UTC timestamp>/` holding the database
(PostgreSQL: a `pg_dump` custom-format archive; SQLite: a copy made with the
SQLite backup API, safe while the site writes), the media folder as
`media.tar.gz`, and `manifest.json`: for every table its row count and a
checksum of its content, the media files' count and checksum, and a SHA-256
of each archive file. A restore refuses damaged archives and, once done,
recomputes the manifest from what it restored and compares.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import NO_DB_ALIAS, BaseDatabaseWrapper
from django.db.utils import load_backend

from . import pagecache

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def backup_site(*, destination: Path, include_media: bool = True) -> dict:
    """Write database, media and manifest into `destination`; return the manifest."""
    destination.mkdir(parents=True, exist_ok=False)
    try:
        return _write_backup(destination, include_media=include_media)
    except BaseException:
        # Half a backup is worse than none: it could be restored by mistake.
        shutil.rmtree(destination, ignore_errors=True)
        raise


def _write_backup(destination: Path, *, include_media: bool) -> dict:
    database = _open(None)
    try:
        if database.vendor == "sqlite":
            db_file, tables = _backup_sqlite(database, destination / SQLITE_FILE)
        elif database.vendor == "postgresql":
            db_file, tables = _backup_postgres(database, destination / POSTGRES_FILE)
        else:
            raise BackupError(f"Cannot back up a {database.vendor} database.")
    finally:
        database.close()
    manifest = {
        "format": 1,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {
            "vendor": database.vendor,
            "file": db_file.name,
            "sha256": _file_sha256(db_file),
        },
        "tables": tables,
        "media": _backup_media(destination) if include_media else None,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def restore_site(
    *,
    source: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    replace: bool = False,
) -> dict:
    """Restore `source` into a fresh database and media folder, then verify.

    Returns the comparison: `{"tables": {...}, "media": {...}, "ok": bool}`.
    Raises BackupError before touching anything when an archive is damaged or
    the target is not empty (unless `replace`).
    """
    manifest = read_manifest(source)
    media = manifest.get("media") or {}
    has_media = "file" in media  # not when media lived in object storage
    for entry in (manifest["database"], media):
        if "file" in entry and _file_sha256(source / entry["file"]) != entry["sha256"]:
            raise BackupError(f"{entry['file']} is damaged: its checksum differs.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    database = _open(database_url)
    try:
        if database.vendor != manifest["database"]["vendor"]:
            raise BackupError(
                f"The backup holds a {manifest['database']['vendor']} database; "
                f"the target is {database.vendor}."
            )
        if not replace and _table_names(database):
            raise BackupError(
                "The target database is not empty. Restore into a fresh database, "
                "or pass --replace to overwrite it."
            )
        if has_media and not replace and _has_files(media_root):
            raise BackupError(
                f"The media folder {media_root} is not empty. "
                "Restore into an empty one, or pass --replace."
            )
        database_file = source / manifest["database"]["file"]
        if database.vendor == "sqlite":
            _set_aside_sqlite(database, stamp)
            _restore_sqlite(database, database_file)
        else:
            _restore_postgres(database, database_file, replace=replace)
        restored_tables = table_stats(database)
    finally:
        database.close()
    if has_media:
        if _has_files(media_root):
            # --replace: the files uploaded since go aside, never away.
            media_root.rename(media_root.with_name(f"{media_root.name}.before-{stamp}"))
        _restore_media(source / media["file"], media_root)
    # Every cached page may show rows that are no longer there.
    pagecache.purge_all()
    return compare(manifest, restored_tables, media_stats(media_root))


def read_manifest(source: Path) -> dict:
    try:
        return json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable {MANIFEST}.") from exc


def latest_backup(root: Path) -> Path:
    """Return the newest backup folder under `root`."""
    folders = sorted(p for p in root.glob("*") if (p / MANIFEST).is_file())
    if not folders:
        raise BackupError(f"No backup found under {root}.")
    return folders[-1]


def compare(manifest: dict, tables: dict, media: dict) -> dict:
    """Compare what was restored with what the manifest promised."""
    expected = manifest["tables"]
    table_result = {
        name: {
            "expected_rows": expected.get(name, {}).get("rows"),
            "rows": tables.get(name, {}).get("rows"),
            "ok": expected.get(name) == tables.get(name),
        }
        for name in sorted(expected.keys() | tables.keys())
    }
    media_result = None
    if "file" in (manifest.get("media") or {}):
        want = manifest["media"]
        media_result = {
            "expected_files": want["files"],
            "files": media["files"],
            "ok": (want["files"], want["content_sha256"])
            == (media["files"], media["content_sha256"]),
        }
    ok = all(row["ok"] for row in table_result.values()) and (
        media_result is None or media_result["ok"]
    )
    return {"tables": table_result, "media": media_result, "ok": ok}


# Checksums ---------------------------------------------------------------


def table_stats(database: BaseDatabaseWrapper) -> dict[str, dict[str, Any]]:
    """Row count and content checksum of every table, independent of row order."""
    stats = {}
    with database.cursor() as cursor:
        for table in _table_names(database):
            cursor.execute(f"SELECT * FROM {database.ops.quote_name(table)}")
            digests = sorted(
                hashlib.sha256(
                    json.dumps([_canonical(v) for v in row]).encode()
                ).digest()
                for row in cursor.fetchall()
            )
            stats[table] = {
                "rows": len(digests),
                "sha256": hashlib.sha256(b"".join(digests)).hexdigest(),
            }
    return stats


def media_stats(root: Path) -> dict[str, Any]:
    """Count and checksum the files under `root` by relative path and content."""
    digest, count = hashlib.sha256(), 0
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            digest.update(bytes.fromhex(_file_sha256(path)))
            count += 1
    return {"files": count, "content_sha256": digest.hexdigest()}


def _canonical(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, float | Decimal):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Databases ---------------------------------------------------------------


def _open(database_url: str | None) -> BaseDatabaseWrapper:
    """A connection of its own, to the site's database or to `database_url`."""
    if database_url is None:
        return connections.create_connection("default")
    # configure_settings() fills in Django's defaults; it insists on "default".
    config = connections.configure_settings(
        {"default": dj_database_url.parse(database_url)}
    )["default"]
    # Django's alias for connections outside DATABASES: handlers of the
    # connection_created signal (django.contrib.postgres's) then leave it be
    # instead of looking it up among the configured databases.
    return load_backend(config["ENGINE"]).DatabaseWrapper(config, NO_DB_ALIAS)


def _table_names(database: BaseDatabaseWrapper) -> list[str]:
    with database.cursor() as cursor:
        return sorted(database.introspection.table_names(cursor))


def _backup_sqlite(database, target: Path):
    database.ensure_connection()
    with sqlite3.connect(target) as copy:
        database.connection.backup(copy)
    copy.close()
    # Checksums come from the copy itself, so they describe exactly what was
    # archived even while the site kept writing.
    snapshot = _open(f"sqlite:///{target}")
    try:
        return target, table_stats(snapshot)
    finally:
        snapshot.close()


def _set_aside_sqlite(database, stamp: str) -> None:
    """Copy a SQLite database that --replace will overwrite next to itself."""
    name = str(database.settings_dict["NAME"])
    path = Path(name)
    if "mode=memory" in name or name in {"", ":memory:"} or not path.is_file():
        return
    if path.stat().st_size and _table_names(database):
        database.close()
        shutil.copy2(path, path.with_name(f"{path.name}.before-{stamp}"))


def _restore_sqlite(database, source: Path) -> None:
    name = database.settings_dict["NAME"]
    if str(name) not in {"", ":memory:"} and "mode=memory" not in str(name):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    database.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(database.connection)
    backup.close()


def _backup_postgres(database, target: Path):
    database.ensure_connection()
    database.set_autocommit(False)
    try:
        with database.cursor() as cursor:
            # pg_dump and the checksums read one and the same snapshot.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run_pg(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}"],
            database,
        )  # fmt: skip
        tables = table_stats(database)
    finally:
        database.rollback()
        database.set_autocommit(True)
    return target, tables


def _restore_postgres(database, source: Path, *, replace: bool) -> None:
    arguments = ["--no-owner", "--no-privileges", "--exit-on-error",
                 "--single-transaction"]  # fmt: skip
    if replace:
        arguments += ["--clean", "--if-exists"]
    database.close()  # pg_restore must not wait on this connection's locks
    # pg_restore writes to stdout unless --dbname names a database.
    name = database.settings_dict["NAME"]
    _run_pg("pg_restore", [*arguments, "--dbname", name, str(source)], database)


def _run_pg(program: str, arguments: list[str], database) -> None:
    config = database.settings_dict
    # Connection details travel in the environment, never on a command line
    # that other users of the machine can read.
    env = os.environ | {
        key: str(value)
        for key, value in {
            "PGHOST": config.get("HOST"),
            "PGPORT": config.get("PORT"),
            "PGUSER": config.get("USER"),
            "PGPASSWORD": config.get("PASSWORD"),
            "PGDATABASE": config.get("NAME"),
        }.items()
        if value
    }
    executable = _pg_binary(program)
    result = subprocess.run(
        [executable, *arguments], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _pg_binary(program: str) -> str:
    # The server's own tools when known (scripts/with-postgres sets PG_BINDIR):
    # pg_dump must be at least as new as the server it reads.
    bindir = os.environ.get("PG_BINDIR")
    candidate = Path(bindir, program) if bindir else None
    if candidate and candidate.is_file():
        return str(candidate)
    found = shutil.which(program)
    if not found:
        raise BackupError(f"{program} is not installed (install postgresql-client).")
    return found


# Media -------------------------------------------------------------------


def _backup_media(destination: Path) -> dict[str, Any]:
    if settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
        return {"skipped": "media live in object storage; back up the bucket"}
    root = Path(settings.MEDIA_ROOT)
    archive = destination / MEDIA_ARCHIVE
    with tarfile.open(archive, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                tar.add(path, arcname=path.relative_to(root).as_posix())
    return {"file": MEDIA_ARCHIVE, "sha256": _file_sha256(archive)} | media_stats(root)


def _restore_media(archive: Path, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as staging:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the
            # folder and device files.
            tar.extractall(staging, filter="data")
        for path in sorted(Path(staging).rglob("*")):
            target = root / path.relative_to(staging)
            if path.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(path, target)


def _has_files(root: Path) -> bool:
    return root.is_dir() and any(p.is_file() for p in root.rglob("*"))
