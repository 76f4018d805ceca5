"""Draw the default share images (1200×630, one per language) into static/img/share/.

Social networks show this picture when a page has none of its own. It carries
the EU emblem, so the funding statement stands beside it in the page's
language (the emblem may not appear without it). The PNGs are committed: a
deploy then needs no fonts and serves them hashed like any static file; run
this command again after changing the design or the translated texts.
"""

import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from core.share import SHARE_IMAGE_SIZE

# Debian's fonts-dejavu-core: a plain sans-serif that covers Latin and Greek.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REFLEX_BLUE = (0, 51, 153)
EU_YELLOW = (255, 204, 0)
INK = (26, 32, 44)
SCALE = 2  # drawn at twice the size, then reduced, for smooth edges


def font(name, size):
    path = FONT_DIR / name
    if not path.exists():
        raise CommandError(f"{path} is missing: install Debian's fonts-dejavu-core")
    return ImageFont.truetype(str(path), size * SCALE)


def wrap(draw, text, face, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=face) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def star(cx, cy, outer):
    """A five-pointed star, one point up, as on the EU emblem."""
    inner = outer * 0.381966
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 36 * i)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def emblem(draw, left, top, height):
    """The EU flag: twelve gold stars in a circle on reflex blue, 3:2."""
    width = height * 3 // 2
    draw.rectangle([left, top, left + width, top + height], fill=REFLEX_BLUE)
    cx, cy = left + width / 2, top + height / 2
    for i in range(12):
        angle = math.radians(-90 + 30 * i)
        x, y = cx + height / 3 * math.cos(angle), cy + height / 3 * math.sin(angle)
        draw.polygon(star(x, y, height / 18), fill=EU_YELLOW)
    return width


def draw_image(language):
    width, height = (side * SCALE for side in SHARE_IMAGE_SIZE)
    margin = 72 * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, 18 * SCALE], fill=REFLEX_BLUE)
    with translation.override(language):
        tagline = _("Inclusive towns for a shared European strategy of inclusion")
        statement = _("Co-funded by the Europe for Citizens Programme of the European Union")
    draw.text((margin, 80 * SCALE), "IN.TO.EU", font=font("DejaVuSans-Bold.ttf", 124), fill=INK)
    face = font("DejaVuSans.ttf", 40)
    y = 250 * SCALE
    for line in wrap(draw, tagline, face, width - 2 * margin):
        draw.text((margin, y), line, font=face, fill=INK)
        y += 54 * SCALE
    flag_height = 120 * SCALE
    flag_top = height - margin - flag_height
    flag_width = emblem(draw, margin, flag_top, flag_height)
    face = font("DejaVuSans.ttf", 30)
    text_left = margin + flag_width + 32 * SCALE
    lines = wrap(draw, statement, face, width - text_left - margin)
    line_height = 40 * SCALE
    y = flag_top + (flag_height - line_height * len(lines)) / 2
    for line in lines:
        draw.text((text_left, y), line, font=face, fill=REFLEX_BLUE)
        y += line_height
    return image.resize(SHARE_IMAGE_SIZE, Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the default share image for each language (1200×630 PNG)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.BASE_DIR / "static" / "img" / "share",
            help="where to write <language>.png",
        )

    def handle(self, *args, dir, **options):
        dir.mkdir(parents=True, exist_ok=True)
        for code, _name in settings.LANGUAGES:
            path = dir / f"{code}.png"
            draw_image(code).save(path, optimize=True)
            self.stdout.write(f"{path}")
