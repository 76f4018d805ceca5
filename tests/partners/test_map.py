"""The map of the partnership (partners/map.py): the towns on their countries in the drawn
projection, the committed data and base map equal to what the commands make now, and the
pages' maps: each town a link to its partner, labelled in the page's language, the lead
partner a star, a meeting's venue, a text alternative in every language."""

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from meetings.models import Meeting
from partners import map as partnership_map
from partners.management.commands import draw_map, make_map_data
from partners.models import Partner
from tests.factories import MeetingFactory
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
COMMITTED_MAP = settings.BASE_DIR / "static" / partnership_map.BASE_MAP
ATLAS = settings.BASE_DIR / make_map_data.ATLAS
# Natural Earth's ISO 3166-1 numeric codes of the partners' countries (strings: "008").
COUNTRY_OF = {
    "palazzo-san-gervasio": ("380", "Italy"),
    "durres": ("008", "Albania"),
    "teruel": ("724", "Spain"),
    "ancient-olympia": ("300", "Greece"),
}


def feature(code):
    (found,) = [f for f in partnership_map.land()["features"] if f["id"] == code]
    return found


def located():
    return list(Partner.objects.lead_first().exclude(latitude=None))


# The shipped data and the drawn base map.


@pytest.mark.parametrize("slug", COUNTRY_OF)
def test_each_partner_town_lies_within_its_country_in_the_drawn_projection(slug):
    partner = Partner.objects.get(slug=slug)
    code, name = COUNTRY_OF[slug]
    country = feature(code)
    assert country["properties"]["name"] == name == partner.country_en
    dot = partnership_map.project(partner.latitude, partner.longitude)
    assert partnership_map.in_polygons(dot, partnership_map.projected(country))
    # On that country only, and well inside the frame.
    assert partnership_map.country_at(partner.latitude, partner.longitude) is country
    assert partnership_map.within(partner.latitude, partner.longitude, margin=0.5)
    assert 0 < dot[0] < partnership_map.WIDTH and 0 < dot[1] < partnership_map.HEIGHT


def test_point_in_polygon_tells_land_from_sea():
    italy = partnership_map.projected(feature("380"))
    # Rome is in Italy; the Tyrrhenian Sea, and Corsica (France), are not.
    assert partnership_map.in_polygons(partnership_map.project(41.9, 12.5), italy)
    assert not partnership_map.in_polygons(partnership_map.project(40.0, 12.0), italy)
    assert not partnership_map.in_polygons(partnership_map.project(42.15, 9.1), italy)
    assert partnership_map.country_at(42.15, 9.1)["properties"]["name"] == "France"
    assert partnership_map.country_at(40.0, 12.0) is None


def test_the_shipped_data_names_its_source_and_licence():
    data = json.loads(partnership_map.DATA.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "Natural Earth" in data["source"] and "world-atlas 2.0.2" in data["source"]
    assert "Public domain" in data["licence"]
    codes = {f["id"] for f in data["features"]}
    assert {"380", "008", "724", "300"} <= codes
    west, south, east, north = data["bbox"]
    assert west < partnership_map.WEST and east > partnership_map.EAST
    assert south < partnership_map.SOUTH and north > partnership_map.NORTH
    for item in data["features"]:
        for polygon in item["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(west <= x <= east and south <= y <= north for x, y in ring)


def test_the_shipped_data_is_what_make_map_data_extracts_from_world_atlas(tmp_path):
    # A build-time check, like Lighthouse: `make map` and `make lighthouse` install the npm
    # packages; `make test` does not need Node (the data it checks the pages against is
    # shipped, and the committed base map is checked against it below).
    if not (ATLAS / make_map_data.SOURCE).exists():
        pytest.skip(f"{ATLAS} is missing: run `npm ci` to check the shipped map data")
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    installed = json.loads((ATLAS / "package.json").read_text())
    assert installed["version"] == package["devDependencies"]["world-atlas"]
    output = tmp_path / "land.json"
    call_command("make_map_data", output=output, stdout=io.StringIO())
    assert output.read_text(encoding="utf-8") == partnership_map.DATA.read_text(encoding="utf-8")


def test_the_committed_base_map_is_what_draw_map_draws_now(tmp_path):
    """A town moved to another country, new data or a new frame without running
    `draw_map` fails here."""
    assert COMMITTED_MAP.read_text(encoding="utf-8") == draw_map.base_map()
    output = tmp_path / "map.svg"
    out = io.StringIO()
    call_command("draw_map", output=output, stdout=out)
    call_command("draw_map", output=output, stdout=out)
    assert output.read_bytes() == COMMITTED_MAP.read_bytes()
    assert "unchanged" in out.getvalue().splitlines()[-1]


def test_a_town_moved_to_another_country_changes_the_base_map():
    committed = COMMITTED_MAP.read_text(encoding="utf-8")
    # Durrës's partner placed in Bari, Italy: Albania is no longer a partner's country.
    Partner.objects.filter(slug="durres").update(latitude=Decimal("41.12"), longitude=16.87)
    assert draw_map.base_map() != committed


def test_draw_map_refuses_a_town_outside_the_frame_or_on_no_land():
    Partner.objects.filter(slug="teruel").update(latitude=Decimal("48.85"), longitude=2.35)
    with pytest.raises(CommandError, match="teruel .* outside the map's frame"):
        call_command("draw_map", output=io.StringIO(), stdout=io.StringIO())
    Partner.objects.filter(slug="teruel").update(latitude=40, longitude=5)  # at sea
    with pytest.raises(CommandError, match="teruel .* lies on no land"):
        draw_map.base_map()


def test_the_base_map_is_small_self_contained_land_only_and_has_a_dark_mode():
    svg = COMMITTED_MAP.read_text(encoding="utf-8")
    assert len(svg.encode()) <= 30_000
    root = ElementTree.fromstring(svg)
    assert root.get("viewBox") == f"0 0 {partnership_map.WIDTH} {partnership_map.HEIGHT}"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags == {"svg", "style", "rect", "path"}  # no labels, no dots, no scripts
    # Nothing fetched: no link, no url(), no import; the one address is the namespace.
    assert re.findall(r"https?://[^\s\"']+", svg) == ["http://www.w3.org/2000/svg"]
    assert "href" not in svg and "url(" not in svg and "@import" not in svg
    assert re.search(r"@media \(prefers-color-scheme: ?dark\)", svg)
    assert len(root.findall(f"{SVG}path[@class='land partner']")) == 1


# The maps on the pages.


def svg_of(client, path):
    html = client.get(path).content.decode()
    maps = re.findall(r'<svg class="map".*?</svg>', html, re.S)
    return [ElementTree.fromstring(found) for found in maps]


def label(element):
    return [" ".join(t.text.split()) for t in element.iter("tspan")]


def page_of(name, language):
    with translation.override(language):
        return {"home": "/{}/", "partners": "/{}/partners/"}[name].format(language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "partners"])
def test_each_town_is_a_link_to_its_partner_labelled_in_the_page_language(client, name, language):
    (svg,) = svg_of(client, page_of(name, language))
    assert svg.get("role") == "group"
    title = svg.find("title")
    assert svg.get("aria-labelledby") == title.get("id")
    (image,) = svg.findall("image")
    assert re.fullmatch(r"/static/img/map/mediterranean\.[0-9a-f]{12}\.svg", image.get("href"))
    links = svg.findall("a")
    partners = located()
    assert len(links) == len(partners) == 4
    with translation.override(language):
        lead_words = translation.gettext("Lead partner")
        for link, partner in zip(links, partners, strict=True):
            assert link.get("href") == partner.get_absolute_url()
            town = getattr(partner, f"town_{language}")
            country = getattr(partner, f"country_{language}")
            # Named in words, as the text alternative names it (the label's two lines
            # would run together).
            assert link.get("aria-label").startswith(f"{town} ({country}")
            assert link.get("aria-label") in title.text
            assert label(link)[0] == town and town in title.text
            x, y = partnership_map.project(partner.latitude, partner.longitude)
            if partner.is_lead:
                (star,) = link.findall("polygon")
                points = [tuple(map(float, p.split(","))) for p in star.get("points").split()]
                assert len(points) == 10
                assert abs(sum(px for px, _ in points) / 10 - x) < 1
                assert label(link)[1] == f"{country} · {lead_words}"
                assert link.findall("circle") == []
            else:
                (dot,) = link.findall("circle")
                assert (float(dot.get("cx")), float(dot.get("cy"))) == (round(x, 1), round(y, 1))
                assert label(link)[1] == country
    if language == "el":
        assert label(links[1])[0] == "Δυρράχιο"  # Greek labels in Greek script
    if language != "en":
        assert not title.text.startswith("Map of")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_labels_stay_inside_the_map_apart_and_each_by_its_own_mark(language):
    with translation.override(language):
        drawn = partnership_map.partners_map(located())
    room = partnership_map.CLEARANCE
    for n, mark in enumerate(drawn.marks):
        box = mark.box
        assert 0 <= box[0] < box[2] <= partnership_map.WIDTH
        assert 0 <= box[1] < box[3] <= partnership_map.HEIGHT
        apart = partnership_map.SPACING
        grown = (box[0] - apart, box[1] - apart, box[2] + apart, box[3] + apart)
        for other in drawn.marks[n + 1 :]:
            assert partnership_map._overlap(grown, other.box) == 0, (language, n)
        for other in drawn.marks:
            r = other.radius + (0 if other is mark else room)
            area = (other.x - r, other.y - r, other.x + r, other.y + r)
            assert partnership_map._overlap(box, area) == 0, (language, n)


def test_crowded_marks_still_get_labels_at_once():
    """Forty towns on one spot: no arrangement keeps them apart, and the search gives up
    for the least overlapping places rather than trying them all."""
    key = tuple((500.0, 250.0, 10, ((f"Town {n}", 38), ("Country", 32))) for n in range(40))
    places = partnership_map.layout(key)
    assert len(places) == 40
    assert all(partnership_map._inside(box) for _place, box in places)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_meeting_page_shows_its_venue_at_the_host_town(client, language):
    meeting = Meeting.objects.get(slug="local-durres-2016-07-28")
    assert meeting.latitude is None
    with translation.override(language):
        path = meeting.get_absolute_url()
        venue = translation.gettext("Venue")
    (svg,) = svg_of(client, path)
    assert svg.get("role") == "img"  # one picture, no links
    assert svg.findall("a") == []
    (mark,) = svg.findall("g")
    assert mark.get("class") == "map-place map-venue"
    durres = meeting.host
    x, y = partnership_map.project(durres.latitude, durres.longitude)
    centres = {(float(c.get("cx")), float(c.get("cy"))) for c in mark.findall("circle")}
    assert centres == {(round(x, 1), round(y, 1))}
    assert label(mark) == [getattr(durres, f"town_{language}"), venue]
    assert getattr(durres, f"town_{language}") in svg.find("title").text


def test_a_venue_with_coordinates_of_its_own_is_placed_there_and_one_abroad_not_at_all(client):
    bari = MeetingFactory(slug="in-bari", latitude=Decimal("41.12"), longitude=Decimal("16.87"))
    (svg,) = svg_of(client, "/en/meetings/in-bari/")
    (ring, _dot) = svg.findall("g/circle")
    x, y = partnership_map.project(bari.latitude, bari.longitude)
    assert (float(ring.get("cx")), float(ring.get("cy"))) == (round(x, 1), round(y, 1))
    MeetingFactory(slug="in-brussels", latitude=Decimal("50.85"), longitude=Decimal("4.35"))
    assert svg_of(client, "/en/meetings/in-brussels/") == []


def test_a_partner_page_shows_its_town_and_the_announcement_its_meeting_venue(client):
    (svg,) = svg_of(client, "/el/partners/ancient-olympia/")
    assert svg.get("role") == "img"
    assert label(svg.find("g")) == ["Αρχαία Ολυμπία", "Ελλάδα"]
    (svg,) = svg_of(client, "/en/announcements/durres-local-meeting-2016-07-28/")
    assert label(svg.find("g")) == ["Durrës", "Venue"]


def test_towns_without_coordinates_are_left_off_and_no_map_is_drawn_for_none(client, settings):
    settings.PAGE_CACHE = False  # update() sends no signal to forget the stored pages
    Partner.objects.filter(slug="teruel").update(latitude=None, longitude=None)
    (svg,) = svg_of(client, "/en/partners/")
    assert [link.get("href") for link in svg.findall("a")] == [
        p.get_absolute_url() for p in located()
    ]
    assert "Teruel" not in svg.find("title").text
    Partner.objects.update(latitude=None, longitude=None)
    for path in ["/en/", "/en/partners/", "/en/partners/durres/"]:
        assert svg_of(client, path) == []
