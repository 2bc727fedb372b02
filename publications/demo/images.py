"""Pictures for the demo content, drawn with Pillow: portraits and cover art.

Everything is derived from a seed string, so every run draws the same pixels
(and a process loading the content twice draws them once).
"""

import io
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path(__file__).resolve().parents[2] / "static/fonts/SourceSerif4-Semibold.woff2"

# Muted, print-like colours that keep white text readable.
PALETTES = [
    ((24, 52, 82), (176, 92, 52)),
    ((34, 74, 68), (214, 170, 84)),
    ((70, 40, 74), (192, 120, 110)),
    ((32, 44, 60), (86, 140, 168)),
    ((92, 48, 38), (222, 180, 132)),
    ((40, 64, 40), (150, 170, 110)),
]


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return ImageFont.load_default(size)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def initials(name: str) -> str:
    parts = [part for part in name.replace("-", " ").split() if part[:1].isalpha()]
    letters = [parts[0][0], parts[-1][0]] if len(parts) > 1 else parts[:1]
    return "".join(letters).upper()


@lru_cache(maxsize=32)
def portrait(name: str, colour: tuple[int, int, int], *, size: int = 480) -> bytes:
    """A square JPEG with the person's initials on a coloured ground."""
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    lighter = tuple(min(255, c + 28) for c in colour)
    draw.ellipse((size * 0.55, -size * 0.25, size * 1.35, size * 0.55), fill=lighter)
    draw.text(
        (size / 2, size / 2),
        initials(name),
        font=_font(size * 2 // 5),
        anchor="mm",
        fill=(248, 244, 236),
    )
    return _jpeg(image)


@lru_cache(maxsize=32)
def cover(seed: str, *, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A 16:9 JPEG: a diagonal gradient with a few soft circles and lines."""
    rng = random.Random(seed)
    dark, light = PALETTES[rng.randrange(len(PALETTES))]
    width, height = size
    # A small diagonal gradient scaled up is smooth and costs almost nothing.
    vertical = Image.linear_gradient("L")
    mask = Image.blend(vertical, vertical.transpose(Image.Transpose.ROTATE_90), 0.5)
    mask = mask.transpose(rng.choice(list(Image.Transpose)[:4]))
    mask = mask.resize(size, Image.Resampling.BICUBIC)
    image = Image.composite(
        Image.new("RGB", size, light), Image.new("RGB", size, dark), mask
    )
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=(255, 255, 255, rng.randint(18, 46)),
        )
    for _ in range(rng.randint(4, 7)):
        y = rng.randint(0, height)
        draw.line(
            (0, y, width, y + rng.randint(-height // 3, height // 3)),
            fill=(255, 255, 255, 60),
            width=rng.randint(2, 5),
        )
    overlay = overlay.filter(ImageFilter.GaussianBlur(2))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    return _jpeg(image)
