"""Extract the land around the partner towns from Natural Earth into partners/data/.

Natural Earth's 1:50m countries (public domain) come as TopoJSON in npm's `world-atlas`,
a development dependency (package.json) used only here, at build time: `npm ci`, then
this command, then `draw_map`. The result is small and committed, so neither the site
nor its tests need Node, and visitors never fetch any map data.

TopoJSON stores each border once, as an "arc" shared by the countries on either side,
its points as integer steps scaled by the file's transform. Each arc is simplified once
(Douglas–Peucker), so that neighbours keep exactly the same border; the rings built from
the arcs are then clipped to the frame of partners.map with a margin, and rounded.

Near a partner town (its coordinates from the database, as `draw_map` reads them) every
point of Natural Earth's line is kept: Durrës lies 300 m from the 1:50m coast, which a
simplified coast would put it beyond. Run this again when a town moves, then `draw_map`.
"""

import json
import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners import map as partnership_map

ATLAS = Path("node_modules") / "world-atlas"
SOURCE = "countries-50m.json"
MARGIN = 1.0  # degrees beyond the frame, so that no clipped edge shows on the map
TOLERANCE = 0.01  # degrees: about a kilometre, below half a unit of the drawn map
DIGITS = 3  # 0.001° in the committed file: well within a town's distance to its coast
KEEP_NEAR = 0.1  # degrees around a partner town where no point is dropped


def decode_arcs(topology):
    """The topology's arcs as lists of (longitude, latitude)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def simplify(points, tolerance, towns=()):
    """Douglas–Peucker, keeping both ends and every point within KEEP_NEAR of one of
    `towns` [(longitude, latitude)]; distances measured with longitudes shortened as
    the map shortens them."""
    if len(points) < 3:
        return list(points)
    shrink = math.cos(math.radians((partnership_map.SOUTH + partnership_map.NORTH) / 2))
    keep = [
        any(abs(x - tx) <= KEEP_NEAR and abs(y - ty) <= KEEP_NEAR for tx, ty in towns)
        for x, y in points
    ]
    keep[0] = keep[-1] = True
    fixed = [n for n, kept in enumerate(keep) if kept]
    stack = list(zip(fixed, fixed[1:], strict=False))
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        x1, x2 = x1 * shrink, x2 * shrink
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = 0.0, None
        for n in range(first + 1, last):
            x, y = points[n][0] * shrink, points[n][1]
            if length == 0:
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            if distance > farthest:
                farthest, index = distance, n
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring(indexes, arcs):
    """A closed ring from arc indexes (~i: arc i backwards), each arc's first point being
    the previous one's last."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(points, west, south, east, north):
    """The ring cut to the box (Sutherland–Hodgman: exact for the box's convex edges)."""
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    for keeps, cross in edges:
        if not points:
            break
        result = []
        for n, current in enumerate(points):
            previous = points[n - 1]
            if keeps(current):
                if not keeps(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif keeps(previous):
                result.append(cross(previous, current))
        points = result
    return points


def _at_x(a, b, x):
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _at_y(a, b, y):
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def rounded(points):
    """Rounded to DIGITS, without repeated points; a closed ring (GeoJSON) of at least
    four positions, else None."""
    result = []
    for x, y in points:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not result or point != result[-1]:
            result.append(point)
    if len(result) > 1 and result[0] == result[-1]:
        result.pop()
    if len(result) < 3:
        return None
    return [*result, result[0]]


def extract(topology, atlas_version, towns=()):
    """The countries around the frame, as a GeoJSON FeatureCollection; every point of
    the coast kept near `towns` [(longitude, latitude)]."""
    box = (
        partnership_map.WEST - MARGIN,
        partnership_map.SOUTH - MARGIN,
        partnership_map.EAST + MARGIN,
        partnership_map.NORTH + MARGIN,
    )
    arcs = [simplify(arc, TOLERANCE, towns) for arc in decode_arcs(topology)]
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes = []
        for polygon in polygons:
            rings = [rounded(clip(ring(indexes, arcs), *box)) for indexes in polygon]
            if rings[0] is not None:
                shapes.append([r for r in rings if r is not None])
        if shapes:
            features.append(
                {
                    "type": "Feature",
                    # ISO 3166-1 numeric, as a string ("008" is Albania); a few places
                    # (Kosovo) have none in Natural Earth and are known by name only.
                    "id": geometry.get("id"),
                    "properties": {"name": geometry["properties"]["name"]},
                    "geometry": {"type": "MultiPolygon", "coordinates": shapes},
                }
            )
    features.sort(key=lambda feature: feature["properties"]["name"])
    return {
        "type": "FeatureCollection",
        "bbox": list(box),
        "source": (
            f"Natural Earth 1:50m Admin 0 countries (version 4.1.0), from the npm package "
            f"world-atlas {atlas_version} ({SOURCE}); clipped, simplified to {TOLERANCE}° "
            f"(but for {KEEP_NEAR}° around each partner town) and rounded to "
            f"{10**-DIGITS}° by `manage.py make_map_data`"
        ),
        "licence": (
            "Public domain: Natural Earth, https://www.naturalearthdata.com/about/terms-of-use/ "
            "(world-atlas: ISC licence, Michael Bostock)"
        ),
        "features": features,
    }


def dumps(collection):
    """JSON with one feature a line: small, and a change shows as the countries it moved."""
    head = {key: value for key, value in collection.items() if key != "features"}
    lines = [
        json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        for feature in collection["features"]
    ]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return text + ',\n "features": [\n' + ",\n".join(lines) + "\n ]\n}\n"


class Command(BaseCommand):
    help = "Extract the land around the partner towns from world-atlas into partners/data/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--atlas",
            type=Path,
            default=settings.BASE_DIR / ATLAS,
            help="the world-atlas package's folder (npm ci installs it)",
        )
        parser.add_argument("--output", type=Path, default=partnership_map.DATA)

    def handle(self, *args, atlas, output, **options):
        source = atlas / SOURCE
        if not source.exists():
            raise CommandError(f"{source} is missing: run `npm ci` (package.json pins it)")
        version = json.loads((atlas / "package.json").read_text(encoding="utf-8"))["version"]
        topology = json.loads(source.read_text(encoding="utf-8"))
        collection = extract(topology, version, partnership_map.town_points())
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(dumps(collection), encoding="utf-8")
        partnership_map.land.cache_clear()
        size = output.stat().st_size
        self.stdout.write(f"{output}: {len(collection['features'])} countries, {size} bytes")
