"""The map of the partnership and the wide screens' layout (issue #18), in Chromium: axe's
WCAG 2.2 AA rules, the keyboard, reflow at 320 px, the labels as drawn, the base map in
light and dark mode, the facts beside the text from 1000 px; and screenshots of the pages
at 375 and 1280 px, light and dark, in artifacts/screenshots/."""

import pytest
from django.utils import translation
from PIL import Image

from partners import map as partnership_map
from partners.models import Partner
from tests.helpers import LANGUAGES

from .audit import READING_ORDER, axe_violations, horizontal_overflow, tab_through, tab_to
from .conftest import ARTIFACTS

MEETING = "local-durres-2016-07-28"
PAGES = {
    "home": "/{language}/",
    "partners": "/{language}/partners/",
    "meeting": f"/{{language}}/meetings/{MEETING}/",
}

# Each label's box as drawn, in the map's user units, and the map's own box.
LABELS = """() => {
  const svg = document.querySelector('svg.map');
  const labels = [...svg.querySelectorAll('.map-label')].map(text => {
    const box = text.getBBox();
    return [box.x, box.y, box.x + box.width, box.y + box.height];
  });
  const view = svg.viewBox.baseVal;
  return {labels, width: view.width, height: view.height};
}"""


def overlap(a, b):
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def partner_paths(language):
    with translation.override(language):
        return [p.get_absolute_url() for p in Partner.objects.lead_first().exclude(latitude=None)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_map_pages_have_no_axe_wcag22_aa_violation_light_or_dark(browse, language):
    violations = []
    for scheme in ["light", "dark"]:
        for width in [375, 1280]:
            page = browse(width=width, color_scheme=scheme)
            for path in PAGES.values():
                page.goto(path.format(language=language))
                violations += [f"{scheme} {width}: {v}" for v in axe_violations(page)]
    assert violations == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_keyboard_reaches_each_town_in_reading_order_with_a_visible_focus(browse, language):
    page = browse()
    towns = partner_paths(language)
    for name, path in PAGES.items():
        page.goto(path.format(language=language))
        expected, stops = tab_through(page)
        assert [stop["element"] for stop in stops] == expected
        regions = [stop["region"] for stop in stops]
        assert regions == sorted(regions, key=READING_ORDER.index)
        hidden = [stop["element"] for stop in stops if stop["outline"] < 2 or not stop["visible"]]
        assert hidden == []
        on_map = page.evaluate(
            "() => [...document.querySelectorAll('svg.map a')].map(a => a.getAttribute('href'))"
        )
        if name == "meeting":
            assert on_map == []  # one picture, no links: the venue's page is linked in words
            continue
        # The map's towns, lead partner first, each reached once, before the partners' cards,
        # each link named in words as the map's text alternative names its town.
        assert on_map == towns
        with translation.override(language):
            marks = partnership_map.partners_map(Partner.objects.lead_first()).marks
        for mark in marks:
            named = page.locator("svg.map").get_by_role("link", name=mark.name, exact=True)
            assert named.get_attribute("href") == mark.href
        hrefs = [stop["element"].split(" ")[1] for stop in stops]
        first = hrefs.index(towns[0])
        assert hrefs[first : first + len(towns)] == towns
        cards = [n for n, href in enumerate(hrefs) if href == towns[0]]
        assert len(cards) >= 2 and cards[0] == first and cards[1] > first + len(towns) - 1


def test_a_focused_town_is_outlined_and_its_name_underlined(browse):
    page = browse()
    page.goto("/en/")
    tab_to(page, "svg.map a[href='/en/partners/durres/']")
    link = page.locator("svg.map a[href='/en/partners/durres/']")
    style = link.evaluate(
        "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth),"
        " getComputedStyle(el.querySelector('.map-town')).textDecorationLine]"
    )
    assert style == ["solid", 3, "underline"]
    page.locator("svg.map").screenshot(path=ARTIFACTS / "screenshots" / "1280-en-map-focus.png")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_reflow_at_320px_and_at_200_percent_zoom(browse, language):
    narrow = browse(width=320, height=640)
    zoomed = browse(width=640, height=400)
    too_wide = []
    for path in PAGES.values():
        for page in (narrow, zoomed):
            page.goto(path.format(language=language))
            if horizontal_overflow(page) > 0:
                too_wide.append(f"{page.url} at {page.viewport_size['width']} px")
            map_box = page.locator("svg.map").bounding_box()
            assert map_box["x"] >= 0
            assert map_box["x"] + map_box["width"] <= page.viewport_size["width"]
    assert too_wide == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_labels_as_drawn_stay_inside_the_map_and_clear_of_each_other(browse, language):
    page = browse(width=375)
    for path in PAGES.values():
        page.goto(path.format(language=language))
        drawn = page.evaluate(LABELS)
        assert (drawn["width"], drawn["height"]) == (
            partnership_map.WIDTH,
            partnership_map.HEIGHT,
        )
        for n, box in enumerate(drawn["labels"]):
            assert box[0] >= 0 and box[2] <= drawn["width"], (path, box)
            assert box[1] >= 0 and box[3] <= drawn["height"], (path, box)
            assert not any(overlap(box, other) for other in drawn["labels"][n + 1 :]), path


def test_the_base_map_loads_and_follows_the_light_or_dark_setting(browse):
    sea = partnership_map.project(39.1, 10.5)  # between Sardinia and Sicily
    shades = {}
    for scheme in ["light", "dark"]:
        page = browse(width=1280, color_scheme=scheme)
        page.goto("/en/partners/")
        loaded = page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(name => name.includes('/static/img/map/mediterranean.'))"
        )
        assert len(loaded) == 1
        box = page.locator("svg.map").bounding_box()
        scale = box["width"] / partnership_map.WIDTH
        shot = ARTIFACTS / "screenshots" / f"map-{scheme}.png"
        page.locator("svg.map").screenshot(path=shot)
        with Image.open(shot) as image:
            pixel = image.convert("RGB").getpixel((int(sea[0] * scale), int(sea[1] * scale)))
        shades[scheme] = sum(pixel) / 3
    assert shades["light"] > 200 and shades["dark"] < 60, shades


def test_from_1000px_the_facts_stand_beside_the_text_and_phones_keep_one_column(browse):
    wide, phone = browse(width=1280), browse(width=375)
    for path in [f"/en/meetings/{MEETING}/", "/en/partners/durres/"]:
        wide.goto(path)
        panel, text = (
            wide.locator(".detail-panel").bounding_box(),
            wide.locator(".detail-body").bounding_box(),
        )
        assert panel["x"] >= text["x"] + text["width"]  # beside, to the right
        assert panel["y"] < text["y"] + text["height"]
        phone.goto(path)
        panel, text = (
            phone.locator(".detail-panel").bounding_box(),
            phone.locator(".detail-body").bounding_box(),
        )
        assert panel["x"] == text["x"] and panel["width"] == text["width"]
    wide.goto("/en/")
    prose, drawn = (
        wide.locator(".about-short .prose").bounding_box(),
        wide.locator("svg.map").bounding_box(),
    )
    assert drawn["x"] >= prose["x"] + prose["width"]
    # Lines of running text stay within about 70 characters (38 em, as test_design.py).
    widest = wide.evaluate(
        "() => Math.max(...[...document.querySelectorAll('main p')].map(el =>"
        " el.getBoundingClientRect().width / parseFloat(getComputedStyle(el).fontSize)))"
    )
    assert widest <= 38


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_at_375_and_1280_px_light_and_dark(browse, language):
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for scheme in ["light", "dark"]:
        for width, height in [(375, 812), (1280, 800)]:
            page = browse(width=width, height=height, color_scheme=scheme)
            for name, path in PAGES.items():
                page.goto(path.format(language=language))
                page.screenshot(
                    path=shots / f"{width}-{language}-{name}-{scheme}.png", full_page=True
                )
