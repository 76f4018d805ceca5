"""Draw the default share images (1200×630, one per language) into static/img/share/.

Social networks show this picture when a page has none of its own. It carries
the EU emblem, so the funding statement stands beside it in the page's
language (the emblem may not appear without it). The PNGs are committed: a
deploy then needs no fonts and serves them hashed like any static file; run
this command again after changing the design or the translated texts.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from core.drawing import INK, REFLEX_BLUE, SCALE, emblem, font, wrap
from core.share import SHARE_IMAGE_SIZE


def draw_image(language):
    width, height = (side * SCALE for side in SHARE_IMAGE_SIZE)
    margin = 72 * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, 18 * SCALE], fill=REFLEX_BLUE)
    with translation.override(language):
        tagline = _("INclusive TOwns in action for a shared EUropean strategy of inclusion")
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
