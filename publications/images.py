"""Checks for uploaded images: real raster images of a sane size only."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_file(file) -> None:
    """Refuse anything Pillow cannot verify as a JPEG, PNG, WebP or GIF."""
    max_bytes = settings.IMAGE_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The image is larger than %(limit)s MB. Please upload a smaller one."),
            code="image_too_large",
            params={"limit": max_bytes // (1024 * 1024)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP."),
            code="invalid_image",
        ) from exc
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The image has too many pixels."), code="image_too_many_pixels"
        ) from exc
    finally:
        file.seek(position)
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
