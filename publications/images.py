"""Uploaded images: verified, re-encoded and stored under a random name.

An upload is never stored as sent. Pillow must recognise it as a JPEG, PNG,
WebP or GIF of sane size and pixel count (so SVG, HTML and decompression bombs
are refused); then it is decoded and encoded afresh, which drops EXIF (GPS
positions, camera serials), comments and any bytes smuggled after the image
data, and it is stored as `<folder>/<uuid4 hex>.<ext>`, so neither the
uploader's file name nor its extension ever reaches the disk or a URL.
"""

import io
import uuid
import warnings
from contextlib import contextmanager
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# What each accepted format is stored as; a GIF keeps its first frame only.
OUTPUT_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError)


@contextmanager
def opened_image(file):
    """Open an uploaded file with Pillow from its start; leave it where it was.

    Pillow warns between its pixel limit and twice it; the callers refuse
    such images with a clear message instead. It raises
    DecompressionBombError beyond, and one of UNREADABLE for what it cannot
    read.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                yield image
    finally:
        file.seek(position)


def _unreadable() -> ValidationError:
    return ValidationError(
        _("This file is not an image we can read. Upload a JPEG, PNG or WebP."),
        code="invalid_image",
    )


def validate_image_file(file) -> None:
    """Refuse anything Pillow cannot verify as a JPEG, PNG, WebP or GIF."""
    max_bytes = settings.IMAGE_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The image is larger than %(limit)s MB. Please upload a smaller one."),
            code="image_too_large",
            params={"limit": max_bytes // (1024 * 1024)},
        )
    try:
        with opened_image(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The image has too many pixels."), code="image_too_many_pixels"
        ) from exc
    except UNREADABLE as exc:
        raise _unreadable() from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image."), code="invalid_image_format"
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The image has too many pixels (%(pixels)s million at most)."),
            code="image_too_many_pixels",
            params={"pixels": settings.IMAGE_MAX_PIXELS // 1_000_000},
        )


def reencode_image(file) -> tuple[bytes, str]:
    """Return `file` decoded and encoded afresh, with the extension it now has.

    Runs the checks of `validate_image_file` first, so it is safe on input no
    form has seen. EXIF orientation is applied to the pixels before the
    metadata goes; the colour profile is kept.
    """
    validate_image_file(file)
    try:
        with opened_image(file) as source:
            output_format = OUTPUT_FORMATS[source.format]
            icc_profile = source.info.get("icc_profile")
            source.seek(0)
            image = ImageOps.exif_transpose(source)
            image.load()
    except UNREADABLE as exc:
        # verify() passed but the pixel data is broken (a truncated file).
        raise _unreadable() from exc

    image = _convert_for(output_format, image)
    # Pillow writes some metadata back from `info` (JPEG comments, EXIF);
    # keep only what the pixels need.
    image.info = {
        key: value for key, value in image.info.items() if key == "transparency"
    }
    options = {"JPEG": {"quality": 90, "optimize": True, "progressive": True},
               "PNG": {"optimize": True},
               "WEBP": {"quality": 90, "method": 4}}[output_format]  # fmt: skip
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    image.save(buffer, format=output_format, **options)
    return buffer.getvalue(), EXTENSIONS[output_format]


def _convert_for(output_format: str, image: Image.Image) -> Image.Image:
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    if output_format == "JPEG":
        return image if image.mode in {"RGB", "L"} else image.convert("RGB")
    if output_format == "WEBP":
        return image.convert("RGBA" if has_alpha else "RGB")
    if image.mode in {"1", "L", "LA", "P", "RGB", "RGBA"}:
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def _random_name(folder: str, filename: str) -> str:
    # Only the extension survives, and only one this module chose itself.
    extension = PurePosixPath(filename).suffix.lower()
    if extension not in EXTENSIONS.values():
        extension = ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def article_image_path(instance, filename: str) -> str:
    """Store featured images as articles/<year>/<month>/<random>.<ext>."""
    return _random_name(timezone.now().strftime("articles/%Y/%m"), filename)


def author_photo_path(instance, filename: str) -> str:
    """Store author photos as authors/<year>/<random>.<ext>."""
    return _random_name(timezone.now().strftime("authors/%Y"), filename)


class ReencodedImageField(models.ImageField):
    """An ImageField that stores a re-encoded copy, whatever path saved it."""

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content, extension = reencode_image(file.file)
            file.save(f"image{extension}", ContentFile(content), save=False)
        return super().pre_save(model_instance, add)
