import io
import json
import tarfile
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from publications.backup import BackupError, _restore_media, restore_site
from publications.models import Article
from tests.factories import make_article, make_author, make_comment, make_image_upload

# Backups read through connections of their own, so the data must be
# committed; the serialized rollback puts the migrations' rows back after.
backup_db = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    author = make_author(name="Vasif Huseynov", photo=make_image_upload("v.jpg"))
    article = make_article(
        title="Azerbaijan–Turkey: ğüşıöç",
        authors=[author],
        tags=["energy", "Kafkasya"],
        featured_image=make_image_upload("harbour.jpg"),
        featured_image_alt="The harbour",
    )
    make_comment(article=article, body="Çok iyi bir analiz.", status="approved")
    make_article(status=Article.Status.DRAFT, language="tr")
    return article


@pytest.fixture
def fresh_database_url(tmp_path):
    """The address of an empty database of the kind the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict = connection.settings_dict
    host = (settings_dict["HOST"] or "").replace("/", "%2F")
    user = settings_dict["USER"] or ""
    yield f"postgres://{user}@{host}:{settings_dict['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup(tmp_path):
    destination = tmp_path / "backups" / "one"
    call_command("backup_site", output=destination, stdout=io.StringIO())
    return destination


@backup_db
def test_backup_restores_into_a_fresh_database_with_equal_counts_and_checksums(
    content, tmp_path, fresh_database_url
):
    backup = _backup(tmp_path)
    manifest = json.loads((backup / "manifest.json").read_text())

    result = restore_site(
        source=backup,
        database_url=fresh_database_url,
        media_root=tmp_path / "restored-media",
    )

    assert result["ok"], result
    assert manifest["tables"]["publications_article"]["rows"] == 2
    assert manifest["tables"]["comments_comment"]["rows"] == 1
    assert result["tables"]["publications_article"] == {
        "expected_rows": 2,
        "rows": 2,
        "ok": True,
    }
    assert result["media"] == {"expected_files": 2, "files": 2, "ok": True}
    restored_image = tmp_path / "restored-media" / content.featured_image.name
    assert restored_image.read_bytes() == content.featured_image.read()


@backup_db
def test_restore_command_reports_a_match(content, tmp_path, fresh_database_url):
    backup = _backup(tmp_path)
    out = io.StringIO()

    call_command(
        "restore_site",
        str(backup),
        database_url=fresh_database_url,
        media_root=tmp_path / "restored-media",
        stdout=out,
    )

    assert "counts and checksums match the manifest" in out.getvalue()


@backup_db
def test_checksums_notice_a_changed_word(content, tmp_path, fresh_database_url):
    backup = _backup(tmp_path)
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    # Pretend the backup had held different text in one article.
    manifest["tables"]["publications_article"]["sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))

    result = restore_site(
        source=backup,
        database_url=fresh_database_url,
        media_root=tmp_path / "restored-media",
    )

    assert not result["ok"]
    assert not result["tables"]["publications_article"]["ok"]
    assert result["tables"]["publications_author"]["ok"]


@backup_db
def test_damaged_archive_is_refused_before_anything_is_touched(
    content, tmp_path, fresh_database_url
):
    backup = _backup(tmp_path)
    database_file = next(backup.glob("database.*"))
    database_file.write_bytes(database_file.read_bytes()[:-10])

    with pytest.raises(BackupError, match="damaged"):
        restore_site(
            source=backup,
            database_url=fresh_database_url,
            media_root=tmp_path / "restored-media",
        )
    assert not (tmp_path / "restored-media").exists()


@backup_db
def test_restore_refuses_a_database_that_is_not_empty(content, tmp_path):
    backup = _backup(tmp_path)

    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "restore_site", str(backup), media_root=tmp_path / "m", stdout=io.StringIO()
        )
    assert Article.objects.count() == 2


def test_media_archive_cannot_write_outside_the_media_folder(tmp_path):
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"owned"
        member = tarfile.TarInfo("../../outside.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))

    with pytest.raises(tarfile.FilterError):
        _restore_media(archive, tmp_path / "media")
    assert not (tmp_path / "outside.txt").exists()
    assert not (tmp_path.parent / "outside.txt").exists()


@backup_db
def test_replace_sets_the_overwritten_data_aside(content, tmp_path, fresh_database_url):
    backup = _backup(tmp_path)
    media_root = tmp_path / "restored-media"
    restore_site(source=backup, database_url=fresh_database_url, media_root=media_root)
    newer = media_root / "articles" / "uploaded-after-the-backup.jpg"
    newer.write_bytes(b"a newer upload")

    result = restore_site(
        source=backup,
        database_url=fresh_database_url,
        media_root=media_root,
        replace=True,
    )

    assert result["ok"], result
    assert not newer.exists()
    (aside,) = tmp_path.glob("restored-media.before-*")
    assert (aside / "articles" / newer.name).read_bytes() == b"a newer upload"
    if connection.vendor == "sqlite":
        assert list(tmp_path.glob("restored.sqlite3.before-*"))


@backup_db
def test_backup_without_media_restores_the_database(
    content, tmp_path, fresh_database_url
):
    destination = tmp_path / "db-only"
    call_command("backup_site", output=destination, no_media=True, stdout=io.StringIO())

    result = restore_site(
        source=destination, database_url=fresh_database_url, media_root=tmp_path / "m"
    )

    assert result["ok"], result
    assert result["media"] is None
