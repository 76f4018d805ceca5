"""Draw the base map of the partnership into static/img/map/: land and sea only.

The pages lay the towns over it (templates/partners/includes/map.html), each a link,
labelled in the page's language, in the projection of partners.map. The countries that
hold a partner town are shaded, so the map depends on the partners' coordinates: run
this again when a town moves (tests/partners/test_map.py fails until the committed file
is what this draws). The file is committed like the share images: a deploy draws
nothing. Its colours follow the visitor's light or dark setting by themselves, as an
image can, through a `prefers-color-scheme` rule of its own.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners import map as partnership_map

SMALLEST_ISLAND = 2.0  # square user units: specks smaller than a pixel are left out

STYLE = (
    ".sea{fill:#dbe7f5}"
    ".land{fill:#f6f3ea;stroke:#9aa6bd;stroke-width:1;stroke-linejoin:round}"
    ".partner{fill:#e8dcb5}"
    "@media (prefers-color-scheme:dark){"
    ".sea{fill:#17223a}.land{fill:#2b3244;stroke:#5c6782}.partner{fill:#45442f}}"
)


def _area(points):
    """A ring's area (the shoelace formula)."""
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def path_data(polygons):
    """SVG path data for projected polygons: whole user units, relative steps."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for x, y in ring:
                point = (round(x), round(y))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) < 3 or _area(points) < SMALLEST_ISLAND:
                continue
            (x, y), steps = points[0], []
            for nx, ny in points[1:]:
                steps.append(f"{nx - x} {ny - y}")
                x, y = nx, ny
            # A minus sign separates numbers as well as a space does.
            steps = " ".join(steps).replace(" -", "-")
            parts.append(f"M{points[0][0]} {points[0][1]}l{steps}z")
    return "".join(parts)


def draw(features, partner_ids):
    """The base map's SVG text: `features` as land, those in `partner_ids` shaded."""
    width, height = partnership_map.WIDTH, partnership_map.HEIGHT
    others, partners = [], []
    for feature in features:
        shapes = partners if _key(feature) in partner_ids else others
        shapes.extend(partnership_map.projected(feature))
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}">',
            "<!-- Land: Natural Earth (public domain), from world-atlas; drawn by "
            "manage.py draw_map from partners/data/mediterranean.json -->",
            f"<style>{STYLE}</style>",
            f'<rect class="sea" width="{width}" height="{height}"/>',
            f'<path class="land" d="{path_data(others)}"/>',
            f'<path class="land partner" d="{path_data(partners)}"/>',
            "</svg>",
            "",
        ]
    )


def _key(feature):
    return feature["id"] or feature["properties"]["name"]


def partner_countries():
    """The keys of the countries that hold a partner town; an error naming any town that
    lies outside the frame or on no shipped land."""
    keys = set()
    for partner in partnership_map.located_partners():
        if not partnership_map.within(partner.latitude, partner.longitude, margin=0.5):
            raise CommandError(
                f"{partner.slug} ({partner.latitude}, {partner.longitude}) lies outside the "
                "map's frame: widen WEST, SOUTH, EAST, NORTH in partners/map.py, then run "
                "make_map_data and draw_map"
            )
        feature = partnership_map.country_at(partner.latitude, partner.longitude)
        if feature is None:
            raise CommandError(
                f"{partner.slug} ({partner.latitude}, {partner.longitude}) lies on no land "
                "of partners/data/mediterranean.json: run make_map_data, then draw_map"
            )
        keys.add(_key(feature))
    return keys


def base_map():
    """The base map as the shipped data and the partners' coordinates draw it now."""
    return draw(partnership_map.land()["features"], partner_countries())


class Command(BaseCommand):
    help = "Draw the base map of the partnership (land only) into static/img/map/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "static" / partnership_map.BASE_MAP,
        )

    def handle(self, *args, output, **options):
        partnership_map.land.cache_clear()
        svg = base_map()
        output.parent.mkdir(parents=True, exist_ok=True)
        if output.exists() and output.read_text(encoding="utf-8") == svg:
            self.stdout.write(f"{output}: unchanged, {len(svg.encode())} bytes")
            return
        output.write_text(svg, encoding="utf-8")
        self.stdout.write(f"{output}: {len(svg.encode())} bytes")
