import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from publications.models import Article, Author
from tests.factories import image_bytes, make_article, make_author, make_user

ArticleImageForm = modelform_factory(
    Article, fields=["featured_image", "featured_image_alt"]
)
RANDOM_ARTICLE_NAME = re.compile(r"^articles/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp)$")


def _upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (640, 480), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x8825] = {1: "N", 2: (41.0, 1.0, 0.0), 3: "E", 4: (28.0, 58.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"taken at the safe house")
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A valid-looking PNG that claims `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _errors(upload, **data):
    form = ArticleImageForm(
        data={"featured_image_alt": "A harbour at dawn"} | data,
        files={"featured_image": upload},
    )
    assert not form.is_valid()
    return form.errors.as_data()["featured_image"]


@pytest.mark.django_db
def test_upload_is_stored_under_a_random_name_whatever_it_was_called():
    article = make_article(
        featured_image=_upload("../../../etc/cron.d/evil name.JPG", image_bytes()),
        featured_image_alt="A harbour",
    )

    assert RANDOM_ARTICLE_NAME.match(article.featured_image.name)
    assert "evil" not in article.featured_image.name
    assert article.featured_image.storage.exists(article.featured_image.name)


@pytest.mark.django_db
def test_two_uploads_of_the_same_file_get_different_names():
    first = make_article(
        featured_image=_upload("a.jpg", image_bytes()), featured_image_alt="x"
    )
    second = make_article(
        featured_image=_upload("a.jpg", image_bytes()), featured_image_alt="x"
    )

    assert first.featured_image.name != second.featured_image.name


@pytest.mark.django_db
def test_location_and_camera_metadata_are_stripped():
    article = make_article(
        featured_image=_upload("photo.jpg", _jpeg_with_gps()), featured_image_alt="x"
    )

    stored = article.featured_image.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (640, 480)
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info
    assert b"SpyCam" not in stored
    assert b"safe house" not in stored


@pytest.mark.django_db
def test_bytes_hidden_after_the_image_are_dropped():
    payload = b"<html><script>alert(document.cookie)</script></html>"
    article = make_article(
        featured_image=_upload("photo.jpg", image_bytes() + payload),
        featured_image_alt="x",
    )

    assert payload not in article.featured_image.read()


@pytest.mark.django_db
def test_exif_rotation_is_applied_before_the_metadata_goes():
    image = Image.new("RGB", (300, 100), (10, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)

    article = make_article(
        featured_image=_upload("p.jpg", buffer.getvalue()), featured_image_alt="x"
    )

    with Image.open(article.featured_image) as stored:
        assert stored.size == (100, 300)


@pytest.mark.parametrize(
    ("source_format", "mode", "stored_format", "extension"),
    [
        ("PNG", "RGBA", "PNG", ".png"),
        ("WEBP", "RGB", "WEBP", ".webp"),
        ("GIF", "P", "PNG", ".png"),
    ],
)
@pytest.mark.django_db
def test_formats_are_re_encoded_to_their_web_counterpart(
    source_format, mode, stored_format, extension
):
    buffer = io.BytesIO()
    Image.new(mode, (64, 48)).save(buffer, format=source_format)

    article = make_article(
        featured_image=_upload(f"x.{source_format.lower()}", buffer.getvalue()),
        featured_image_alt="x",
    )

    assert article.featured_image.name.endswith(extension)
    with Image.open(article.featured_image) as stored:
        assert stored.format == stored_format
        assert stored.size == (64, 48)
        if mode == "RGBA":
            assert stored.mode == "RGBA"


@pytest.mark.django_db
def test_author_photos_are_re_encoded_and_renamed_too():
    author = make_author(photo=_upload("me.jpg", _jpeg_with_gps()))

    assert re.match(r"^authors/\d{4}/[0-9a-f]{32}\.jpg$", author.photo.name)
    assert b"SpyCam" not in author.photo.read()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("report.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n", "image/jpeg"),
        ("truncated.jpg", image_bytes()[:200], "image/jpeg"),
    ],
    ids=["svg", "html-as-jpeg", "pdf", "truncated"],
)
@pytest.mark.django_db
def test_active_or_broken_content_is_refused(name, content, content_type):
    errors = _errors(_upload(name, content, content_type))

    assert errors[0].code in {"invalid_image", "invalid_image_format"}


@pytest.mark.django_db
def test_image_claiming_too_many_pixels_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 40_000_000

    with translation.override("en"):
        errors = _errors(_upload("big.png", _png_header_only(8000, 6000), "image/png"))
        message = str(errors[0].message) % errors[0].params

    assert [error.code for error in errors] == ["image_too_many_pixels"]
    assert message == "The image has too many pixels (40 million at most)."


@pytest.mark.django_db
def test_decompression_bomb_is_refused():
    # 100,000 × 100,000 pixels: 30 GB once decoded, a few bytes on the wire.
    bomb = _upload("bomb.png", _png_header_only(100_000, 100_000), "image/png")

    errors = _errors(bomb)

    assert errors[0].code in {"invalid_image", "image_too_many_pixels"}


@pytest.mark.django_db
def test_oversized_file_is_refused_with_the_limit_in_the_message(settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024

    big = _upload("big.png", image_bytes(size=(1200, 1200), image_format="PNG") * 1)
    big.size = 2 * 1024 * 1024
    with translation.override("en"):
        errors = _errors(big)
        message = str(errors[0].message) % errors[0].params

    assert [error.code for error in errors] == ["image_too_large"]
    assert message == "The image is larger than 1 MB. Please upload a smaller one."


@pytest.mark.django_db
def test_admin_stores_an_author_photo_re_encoded(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:publications_author_add"),
        {"name": "Vasif Huseynov", "slug": "vasif-huseynov", "role": "", "bio": "",
         "photo": _upload("../../passport scan.jpg", _jpeg_with_gps())},
    )  # fmt: skip

    assert response.status_code == 302
    photo = Author.objects.get(slug="vasif-huseynov").photo
    assert re.match(r"^authors/\d{4}/[0-9a-f]{32}\.jpg$", photo.name)
    assert b"SpyCam" not in photo.read()


@pytest.mark.django_db
def test_admin_explains_a_refused_svg(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:publications_author_add"),
        {"name": "Someone", "slug": "someone", "role": "", "bio": "",
         "photo": _upload("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                          "image/svg+xml")},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert not Author.objects.filter(slug="someone").exists()


@pytest.mark.django_db
def test_media_is_served_with_nosniff_and_a_sandbox(client):
    article = make_article(
        featured_image=_upload("p.jpg", image_bytes()), featured_image_alt="x"
    )

    response = client.get(article.featured_image.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config/settings.py",
        "/media/%2e%2e/%2e%2e/config/settings.py",
        "/media/..%2f..%2fconfig%2fsettings.py",
        "/media//etc/passwd",
        "/media/articles/",
        "/media/" + "a" * 3000,
    ],
)
@pytest.mark.django_db
def test_media_paths_cannot_leave_the_media_folder(client, settings, path):
    (settings.MEDIA_ROOT / "articles").mkdir(parents=True, exist_ok=True)

    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.django_db
def test_refusal_is_explained_in_turkish(settings):
    settings.IMAGE_MAX_PIXELS = 40_000_000

    with translation.override("tr"):
        errors = _errors(_upload("b.png", _png_header_only(8000, 6000), "image/png"))
        message = str(errors[0].message) % errors[0].params

    assert message == "Görselin piksel sayısı çok yüksek (en çok 40 milyon)."


@pytest.mark.django_db
def test_oversized_request_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(make_user(is_staff=True, is_superuser=True))
    body = image_bytes(size=(2000, 2000), image_format="PNG") + b"\0" * 1024 * 1024

    with translation.override("en"):
        response = client.post(
            reverse("admin:publications_author_add"),
            {"name": "Big", "photo": _upload("big.png", body, "image/png")},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 413
    assert not Author.objects.filter(name="Big").exists()
