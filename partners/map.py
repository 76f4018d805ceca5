"""The map of the partnership: one frame and one projection for the base map that
`draw_map` draws, the marks the pages put on it (templates/partners/includes/map.html)
and the tests.

The frame is fixed, not derived from the partners' coordinates: a town moved in the admin
then moves only its own dot, and the land drawn beneath never shifts out of register with
the dots. `draw_map` refuses to draw while a partner lies outside the frame.

Equirectangular, with longitudes shortened by the cosine of the frame's middle latitude,
so that shapes at these latitudes keep their proportions; at this scale (about 2,500 km
across) that is as good as Mercator and simpler to reason about.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from core.drawing import star
from core.text import translated

# West, south, east, north, in degrees: Teruel to Ancient Olympia with room for labels.
WEST, SOUTH, EAST, NORTH = -3.5, 35.0, 24.5, 45.5
WIDTH = 1000
_SHRINK = math.cos(math.radians((SOUTH + NORTH) / 2))
_UNIT = WIDTH / ((EAST - WEST) * _SHRINK)  # user units per degree of latitude
HEIGHT = round((NORTH - SOUTH) * _UNIT)

# The shipped land (make_map_data) and the drawn base map (draw_map).
DATA = Path(__file__).resolve().parent / "data" / "mediterranean.json"
BASE_MAP = "img/map/mediterranean.svg"  # under static/

# Marks and labels, in user units (WIDTH across): the labels stay about 10 CSS px high on
# a 320-px screen, where the map is 288 px wide. A map of one place shows it larger: it
# stands in a narrow panel on wide screens, and its one label has room.
DOT_RADIUS = 10
LEAD_RADIUS = 22  # the lead partner's star, outer radius
VENUE_RADIUS = 13
TOWN_SIZE, NOTE_SIZE = 38, 32  # the town's name (bold), the line under it
ALONE_TOWN_SIZE, ALONE_NOTE_SIZE = 46, 40
LINE_HEIGHT = 1.15
GAP = 8  # between a mark and its label
CLEARANCE = 12  # between a label and any other mark, so that it is read as its own mark's
SPACING = 6  # between labels
PADDING = 6  # labels keep this far from the frame's edges
# Generous average advance widths, in ems, of bold and regular text: labels are placed by
# estimate (the visitor's system font decides the real width), so they err on the wide side.
BOLD_EM, REGULAR_EM = 0.64, 0.58


def project(latitude, longitude):
    """(x, y) in the map's user units, y downwards."""
    x = (float(longitude) - WEST) * _SHRINK * _UNIT
    y = (NORTH - float(latitude)) * _UNIT
    return x, y


def within(latitude, longitude, margin=0):
    """Whether the point lies in the frame, `margin` degrees away from its edges."""
    if latitude is None or longitude is None:
        return False
    latitude, longitude = float(latitude), float(longitude)
    return (
        WEST + margin <= longitude <= EAST - margin and SOUTH + margin <= latitude <= NORTH - margin
    )


def in_ring(point, ring):
    """Whether `point` lies inside the closed `ring` (even-odd rule)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def in_polygons(point, polygons):
    """Whether `point` lies in one of GeoJSON-like `polygons` (outer ring, then holes)."""
    return any(
        in_ring(point, outer) and not any(in_ring(point, hole) for hole in holes)
        for outer, *holes in polygons
    )


def located_partners():
    """The partners that have coordinates, lead first (the build commands' input)."""
    from .models import Partner

    return list(Partner.objects.lead_first().exclude(latitude=None).exclude(longitude=None))


def town_points():
    """(longitude, latitude) of each partner town that has coordinates."""
    return [(float(p.longitude), float(p.latitude)) for p in located_partners()]


@lru_cache(maxsize=1)
def land():
    """The shipped countries: GeoJSON features, coordinates in degrees."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def projected(feature):
    """A feature's polygons in the map's user units."""
    return [
        [[project(latitude, longitude) for longitude, latitude in ring] for ring in polygon]
        for polygon in feature["geometry"]["coordinates"]
    ]


def country_at(latitude, longitude):
    """The shipped feature whose land holds the point, in the drawn projection; or None."""
    point = project(latitude, longitude)
    for feature in land()["features"]:
        if in_polygons(point, projected(feature)):
            return feature
    return None


# The pages' marks.


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float
    size: int
    lang: str = ""  # set when the text comes from another language than the page's


@dataclass(frozen=True)
class Mark:
    kind: str  # "partner", "lead", "venue" or "town"
    x: float
    y: float
    anchor: str  # the labels' text-anchor
    lines: tuple
    href: str = ""
    box: tuple = ()  # the label's estimated (left, top, right, bottom)
    # What a link is called, in words: its label's lines, read one after the other with
    # nothing between them, would run together ("DurrësAlbania").
    name: str = ""

    @property
    def radius(self):
        return _radius(self.kind)

    @property
    def star(self):
        """The lead partner's star, as SVG points."""
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in star(self.x, self.y, LEAD_RADIUS))


@dataclass(frozen=True)
class Map:
    label: str  # the text alternative: what the map shows
    marks: tuple
    width: int = WIDTH
    height: int = HEIGHT
    base: str = BASE_MAP


def _radius(kind):
    return {"lead": LEAD_RADIUS, "venue": VENUE_RADIUS}.get(kind, DOT_RADIUS)


def _width(text, size, bold):
    return len(text) * size * (BOLD_EM if bold else REGULAR_EM)


# Where a label may go around its mark, in order of preference: (dx, dy) of the label
# box's anchor corner per unit of distance, and the text-anchor.
_PLACES = [
    ("right", "start"),
    ("left", "end"),
    ("above", "middle"),
    ("below", "middle"),
    ("above-right", "start"),
    ("below-right", "start"),
    ("above-left", "end"),
    ("below-left", "end"),
]


def _box(x, y, radius, place, width, height):
    """The label's box (left, top, right, bottom) for a place around the mark."""
    reach = radius + GAP
    diagonal = reach * 0.7
    if place == "right":
        left, top = x + reach, y - height / 2
    elif place == "left":
        left, top = x - reach - width, y - height / 2
    elif place == "above":
        left, top = x - width / 2, y - reach - height
    elif place == "below":
        left, top = x - width / 2, y + reach
    else:
        vertical, horizontal = place.split("-")
        left = x + diagonal if horizontal == "right" else x - diagonal - width
        top = y - diagonal - height if vertical == "above" else y + diagonal
    return (left, top, left + width, top + height)


def _overlap(a, b):
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _inside(box):
    return (
        box[0] >= PADDING
        and box[1] >= PADDING
        and box[2] <= WIDTH - PADDING
        and box[3] <= HEIGHT - PADDING
    )


@lru_cache(maxsize=64)
def layout(points):
    """For each (x, y, radius, ((text, size), …)), the place of its label (first line bold)
    and the label's box. Each label goes to one of _PLACES, in the frame, clear of its
    mark and CLEARANCE away from the others, SPACING away from other labels: the first such
    arrangement in the order of _PLACES, found by trying each label's places in turn and
    backing up when one is stuck. Should none exist (or the search grow long: a few dozen
    towns), each label takes, in turn, the place that overlaps least. The shipped towns'
    labels never touch (tests/partners/test_map.py, and as a browser draws them,
    tests/browser/test_map.py)."""
    dots = [(x - r, y - r, x + r, y + r) for x, y, r, _lines in points]
    wide = [_grown(dot, CLEARANCE) for dot in dots]
    options = []
    for x, y, radius, lines in points:
        width = max(_width(text, size, n == 0) for n, (text, size) in enumerate(lines))
        height = sum(size * LINE_HEIGHT for _text, size in lines)
        options.append([(place, _box(x, y, radius, place, width, height)) for place, _ in _PLACES])
    # Its own mark, and the others with room around them.
    marks = [[dots[n], *wide[:n], *wide[n + 1 :]] for n in range(len(points))]
    clear = [
        [(place, box) for place, box in boxes if _inside(box) and not _touches(box, marks[n])]
        for n, boxes in enumerate(options)
    ]
    steps = [_SEARCH_STEPS]

    def search(chosen):
        if len(chosen) == len(points):
            return chosen
        for place, box in clear[len(chosen)]:
            steps[0] -= 1
            if steps[0] < 0:
                return None
            if not _touches(_grown(box, SPACING), [taken for _place, taken in chosen]):
                found = search([*chosen, (place, box)])
                if found:
                    return found
        return None

    found = search([])
    if found:
        return tuple(found)
    chosen = []
    for index, boxes in enumerate(options):
        obstacles = [box for _place, box in chosen] + marks[index]
        costs = [
            sum(_overlap(box, other) for other in obstacles) + (0 if _inside(box) else 1e9)
            for _place, box in boxes
        ]
        chosen.append(boxes[costs.index(min(costs))])
    return tuple(chosen)


_SEARCH_STEPS = 5000


def _grown(box, margin):
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


def _touches(box, others):
    return any(_overlap(box, other) > 0 for other in others)


def _mark(kind, point, lines, href, name, place):
    """A mark at `point` with `lines` [(TranslatedText or str, size)], its label at `place`."""
    x, y = point
    (where, box) = place
    anchor = dict(_PLACES)[where]
    text_x = {"start": box[0], "end": box[2], "middle": (box[0] + box[2]) / 2}[anchor]
    placed, top = [], box[1]
    for text, size in lines:
        baseline = top + size * 0.8 + size * (LINE_HEIGHT - 1) / 2
        lang = text.lang if getattr(text, "is_fallback", False) else ""
        placed.append(Line(str(text), round(text_x, 1), round(baseline, 1), size, lang))
        top += size * LINE_HEIGHT
    return Mark(kind, round(x, 1), round(y, 1), anchor, tuple(placed), href, box, name)


def _marks(entries):
    """[(kind, (x, y), lines, href, name)] as placed Marks."""
    key = tuple(
        (x, y, _radius(kind), tuple((str(text), size) for text, size in lines))
        for kind, (x, y), lines, _href, _name in entries
    )
    places = layout(key)
    return tuple(_mark(*entry, place) for entry, place in zip(entries, places, strict=True))


def _place_name(partner):
    # Translators: a town and its country, on a map: "Durrës (Albania)".
    return _("%(town)s (%(country)s)") % {
        "town": translated(partner, "town"),
        "country": translated(partner, "country"),
    }


def partners_map(partners):
    """The partner towns that have coordinates in the frame, each a link to its partner's
    page, the lead partner a star; or None when there is none."""
    entries, names = [], []
    for partner in partners:
        if not within(partner.latitude, partner.longitude):
            continue
        town, country = translated(partner, "town"), translated(partner, "country")
        if partner.is_lead:
            note = f"{country} · {_('Lead partner')}"
            # Translators: the lead partner's town and country in what the map
            # shows: "Palazzo San Gervasio (Italy, lead partner)".
            name = _("%(town)s (%(country)s, lead partner)") % {"town": town, "country": country}
        else:
            note, name = country, _place_name(partner)
        lines = [(town, TOWN_SIZE), (note, NOTE_SIZE)]
        point = project(partner.latitude, partner.longitude)
        kind = "lead" if partner.is_lead else "partner"
        entries.append((kind, point, lines, partner.get_absolute_url(), name))
        names.append(name)
    if not entries:
        return None
    # Translators: what the map of the partnership shows, for those who
    # cannot see it. %(towns)s lists the towns, separated by semicolons:
    # "Palazzo San Gervasio (Italy, lead partner); Durrës (Albania); …"
    label = _("Map of the Mediterranean with the partner towns: %(towns)s.") % {
        "towns": "; ".join(names)
    }
    return Map(label=label, marks=_marks(entries))


def town_map(partner):
    """A partner's own town, on its page; or None when it has no place in the frame."""
    if not within(partner.latitude, partner.longitude):
        return None
    lines = [
        (translated(partner, "town"), ALONE_TOWN_SIZE),
        (translated(partner, "country"), ALONE_NOTE_SIZE),
    ]
    point = project(partner.latitude, partner.longitude)
    # Translators: what the map on a partner's page shows, for those who
    # cannot see it. %(place)s is a town and its country: "Durrës (Albania)".
    label = _("Map of the Mediterranean with the partner town: %(place)s.") % {
        "place": _place_name(partner)
    }
    return Map(label=label, marks=_marks([("town", point, lines, "", "")]))


def venue_map(latitude, longitude, host):
    """A meeting's venue: at its own coordinates when known, else at its host's town."""
    if latitude is None or longitude is None:
        latitude, longitude = host.latitude, host.longitude
    if not within(latitude, longitude):
        return None
    lines = [(translated(host, "town"), ALONE_TOWN_SIZE), (_("Venue"), ALONE_NOTE_SIZE)]
    # Translators: what the map on a meeting's page shows, for those who
    # cannot see it. %(place)s is a town and its country: "Durrës (Albania)".
    label = _("Map of the Mediterranean with the venue of this meeting: %(place)s.") % {
        "place": _place_name(host)
    }
    mark = ("venue", project(latitude, longitude), lines, "", "")
    return Map(label=label, marks=_marks([mark]))
