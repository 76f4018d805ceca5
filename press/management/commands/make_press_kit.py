"""Draw the press kit's emblem files into static/img/press/: the EU emblem as a PNG, and
for each language the emblem with the funding statement beside it, as PNG and SVG.

The EU's rules for its emblem ask that it be shown with the funding statement, so the
statement files are what partners and journalists should reuse. The files are committed
(a deploy then needs no fonts); run this again after changing the translated statement.
"""

from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from core.drawing import REFLEX_BLUE, SCALE, emblem, emblem_stars, font, wrap

STATEMENT = "Co-funded by the Europe for Citizens Programme of the European Union"
EMBLEM_HEIGHT = 400  # the PNG emblem: 600 × 400
# The statement files: the emblem 120 high, the statement to its right, on white.
ROW_HEIGHT, TEXT_WIDTH, FONT_SIZE, LINE_HEIGHT, GAP = 120, 560, 26, 34, 28


def statement_in(language):
    with translation.override(language):
        return _(STATEMENT)


def emblem_png():
    width = EMBLEM_HEIGHT * 3 // 2
    image = Image.new("RGB", (width * SCALE, EMBLEM_HEIGHT * SCALE), "white")
    emblem(ImageDraw.Draw(image), 0, 0, EMBLEM_HEIGHT * SCALE)
    return image.resize((width, EMBLEM_HEIGHT), Image.Resampling.LANCZOS)


def statement_lines(language):
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    face = font("DejaVuSans.ttf", FONT_SIZE)
    return wrap(probe, statement_in(language), face, TEXT_WIDTH * SCALE)


def statement_png(language):
    flag_width = ROW_HEIGHT * 3 // 2
    size = (flag_width + GAP + TEXT_WIDTH, ROW_HEIGHT)
    image = Image.new("RGB", tuple(side * SCALE for side in size), "white")
    draw = ImageDraw.Draw(image)
    emblem(draw, 0, 0, ROW_HEIGHT * SCALE)
    face, lines = font("DejaVuSans.ttf", FONT_SIZE), statement_lines(language)
    y = (ROW_HEIGHT - LINE_HEIGHT * len(lines)) / 2 * SCALE
    for line in lines:
        draw.text(((flag_width + GAP) * SCALE, y), line, font=face, fill=REFLEX_BLUE)
        y += LINE_HEIGHT * SCALE
    return image.resize(size, Image.Resampling.LANCZOS)


def statement_svg(language):
    """The same as statement_png, as text a designer can restyle (any plain sans-serif)."""
    flag_width = ROW_HEIGHT * 3 // 2
    width = flag_width + GAP + TEXT_WIDTH
    stars = [
        '    <polygon points="{}"/>'.format(" ".join(f"{x:.2f},{y:.2f}" for x, y in points))
        for points in emblem_stars(0, 0, ROW_HEIGHT)
    ]
    lines = statement_lines(language)
    top = (ROW_HEIGHT - LINE_HEIGHT * len(lines)) / 2 + FONT_SIZE
    texts = [
        f'  <text x="{flag_width + GAP}" y="{top + LINE_HEIGHT * n:.0f}">{escape(line)}</text>'
        for n, line in enumerate(lines)
    ]
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {ROW_HEIGHT}" '
            f'width="{width}" height="{ROW_HEIGHT}" lang="{language}">',
            f"  <title>{escape(statement_in(language))}</title>",
            f'  <rect width="{flag_width}" height="{ROW_HEIGHT}" fill="#003399"/>',
            '  <g fill="#FFCC00">',
            *stars,
            "  </g>",
            f'  <g fill="#003399" font-family="Arial, Helvetica, \'DejaVu Sans\', sans-serif" '
            f'font-size="{FONT_SIZE}">',
            *texts,
            "  </g>",
            "</svg>",
            "",
        ]
    )


class Command(BaseCommand):
    help = "Draw the press kit's EU emblem and funding statement files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.BASE_DIR / "static" / "img" / "press",
            help="where to write the files",
        )

    def handle(self, *args, dir, **options):
        dir.mkdir(parents=True, exist_ok=True)
        emblem_png().save(dir / "eu-emblem.png", optimize=True)
        for code, _name in settings.LANGUAGES:
            statement_png(code).save(dir / f"funding-{code}.png", optimize=True)
            (dir / f"funding-{code}.svg").write_text(statement_svg(code), encoding="utf-8")
        self.stdout.write(f"{1 + 2 * len(settings.LANGUAGES)} files in {dir}")
