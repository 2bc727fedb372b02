"""Image renditions: each uploaded image resized once per width and format.

A rendition lives in media storage next to the others of its source, under a
name built from the source's name, the width and the format, so the first
request that needs it makes it and every later one finds it. The source's
size is kept in the cache, keyed by its name (a new upload gets a new name).
"""

import hashlib
import io
import logging
import posixpath
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (320, 480, 640, 800, 1200, 1600)
ROOT = "renditions"
# WebP for every current browser; JPEG (or PNG for images with transparency)
# for the rest, and as the <img> src.
MODERN_FORMAT = "webp"
QUALITY = {"webp": 80, "jpeg": 82, "png": None}
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageSet:
    """What a responsive <picture> needs for one source image."""

    width: int
    height: int
    fallback_format: str
    modern: list[Rendition]
    fallback: list[Rendition]

    @property
    def src(self) -> Rendition:
        """The fallback closest to 800 px wide, for browsers without srcset."""
        return min(self.fallback, key=lambda r: abs(r.width - 800))

    @property
    def modern_type(self) -> str:
        return CONTENT_TYPES[MODERN_FORMAT]


def rendition_name(source_name: str, width: int, image_format: str) -> str:
    """Return the storage name of one rendition of `source_name`."""
    digest = hashlib.sha256(source_name.encode()).hexdigest()[:12]
    stem = posixpath.splitext(posixpath.basename(source_name))[0][:60]
    extension = "jpg" if image_format == "jpeg" else image_format
    return f"{ROOT}/{digest[:2]}/{digest}/{stem}-{width}w.{extension}"


def _source_info(source_name: str) -> tuple[int, int, bool] | None:
    key = "rendition-source:" + hashlib.sha256(source_name.encode()).hexdigest()
    info = cache.get(key)
    if info is None:
        try:
            with default_storage.open(source_name, "rb") as file:
                with Image.open(file) as image:
                    width, height = ImageOps.exif_transpose(image).size
                    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                        image.mode == "P" and "transparency" in image.info
                    )
        except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
            logger.warning("Cannot read image %s for renditions", source_name)
            return None
        info = (width, height, has_alpha)
        cache.set(key, info, None)
    return info


def _render(source_name: str, name: str, width: int, image_format: str) -> None:
    with default_storage.open(source_name, "rb") as file:
        with Image.open(file) as image:
            image = ImageOps.exif_transpose(image)
            height = round(image.height * width / image.width)
            if image_format == "jpeg":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            options = {"optimize": True}
            if QUALITY[image_format]:
                options["quality"] = QUALITY[image_format]
            if image_format == "jpeg":
                options["progressive"] = True
            resized.save(buffer, format=image_format.upper(), **options)
    default_storage.save(name, ContentFile(buffer.getvalue()))


def _rendition(
    source_name: str, width: int, height: int, image_format: str
) -> Rendition:
    name = rendition_name(source_name, width, image_format)
    marker = "rendition-made:" + name
    if not cache.get(marker):
        if not default_storage.exists(name):
            _render(source_name, name, width, image_format)
        cache.set(marker, True, None)
    return Rendition(url=default_storage.url(name), width=width, height=height)


def image_set(image_field, *, max_width: int = 1600) -> ImageSet | None:
    """Return the renditions of an uploaded image, making any that are missing.

    Widths larger than the source are never made (no upscaling); the source's
    own width is added when it falls between two steps. Returns None when the
    file is missing or unreadable, so a page shows no image rather than fail.
    """
    if not image_field:
        return None
    source_name = image_field.name
    info = _source_info(source_name)
    if info is None:
        return None
    source_width, source_height, has_alpha = info
    limit = min(source_width, max_width)
    widths = [w for w in WIDTHS if w <= limit]
    if not widths or (limit not in widths and limit > widths[-1]):
        widths.append(limit)
    fallback_format = "png" if has_alpha else "jpeg"
    try:
        modern, fallback = [], []
        for width in widths:
            height = max(1, round(source_height * width / source_width))
            modern.append(_rendition(source_name, width, height, MODERN_FORMAT))
            fallback.append(_rendition(source_name, width, height, fallback_format))
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        logger.warning("Cannot make renditions of %s: %s", source_name, exc)
        return None
    return ImageSet(
        width=widths[-1],
        height=max(1, round(source_height * widths[-1] / source_width)),
        fallback_format=fallback_format,
        modern=modern,
        fallback=fallback,
    )
