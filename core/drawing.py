"""Drawing the EU emblem and texts beside it, for the images the site ships (the share
images, the press kit). Drawn at SCALE times the size, then reduced, for smooth edges."""

import math
from pathlib import Path

from django.core.management.base import CommandError
from PIL import ImageFont

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


def emblem_stars(left, top, height):
    """The twelve stars of an emblem `height` high, as polygons: in a circle whose radius
    is a third of the height, each star's outer radius an eighteenth of it."""
    cx, cy = left + height * 3 / 4, top + height / 2
    stars = []
    for i in range(12):
        angle = math.radians(-90 + 30 * i)
        x, y = cx + height / 3 * math.cos(angle), cy + height / 3 * math.sin(angle)
        stars.append(star(x, y, height / 18))
    return stars


def emblem(draw, left, top, height):
    """The EU flag: twelve gold stars in a circle on reflex blue, 3:2; its width."""
    width = height * 3 // 2
    draw.rectangle([left, top, left + width, top + height], fill=REFLEX_BLUE)
    for points in emblem_stars(left, top, height):
        draw.polygon(points, fill=EU_YELLOW)
    return width
