"""The search in the browser, in every language: reached from any page's header by
keyboard alone, its form and results free of axe's WCAG 2.2 A and AA violations, in
light and dark mode, and usable at 320 px."""

from urllib.parse import urlencode

import pytest

from tests.helpers import LANGUAGES

from .audit import (
    READING_ORDER,
    TABBABLE,
    WCAG_22_AA,
    axe_violations,
    horizontal_overflow,
    structure_problems,
    tab_through,
)

# With results in the page's language, with results only in other languages (the
# Italian name of Durrës, asked elsewhere), with nothing found and titles suggested.
QUERIES = ["aragosta", "Durazzo", "Terual", ""]


def search_urls(language):
    return [f"/{language}/search/?{urlencode({'q': query})}" for query in QUERIES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_pages_pass_axe_wcag22_aa_in_light_and_dark_mode(browse, language):
    violations, problems = [], []
    for scheme in ("light", "dark"):
        page = browse(color_scheme=scheme)
        for url in search_urls(language):
            page.goto(url)
            violations += axe_violations(page, WCAG_22_AA)
            problems += structure_problems(page)
    assert violations == []
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_pages_reflow_at_320px(browse, language):
    page = browse(width=320, height=640)
    too_wide = []
    for url in search_urls(language):
        page.goto(url)
        if horizontal_overflow(page) > 0:
            too_wide.append(url)
    assert too_wide == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_searches_by_keyboard_alone(browse, language):
    page = browse()
    page.goto(f"/{language}/about/")
    # From the top of the page, Tab reaches the header's search box.
    for _ in page.evaluate(TABBABLE):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "site-search-q":
            break
    else:
        pytest.fail("the search box is not reachable with Tab")
    page.keyboard.type("aragosta")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{language}/search/?q=aragosta")

    # Every stop on the results page in reading order, each with a visible focus.
    expected, stops = tab_through(page)
    assert [stop["element"] for stop in stops] == expected
    regions = [stop["region"] for stop in stops]
    assert regions == sorted(regions, key=READING_ORDER.index)
    in_main = [stop["element"] for stop in stops if stop["region"] == "main"]
    assert in_main[0].startswith("input ") and in_main[1].startswith("button ")
    results = [name for name in in_main[2:] if name.startswith("a ")]
    assert f"a /{language}/meetings/local-durres-2016-07-28/" in " | ".join(results)
    assert all(stop["outline"] >= 2 and stop["visible"] for stop in stops)

    # The first result opens with Enter.
    first = page.locator("a.result-link").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{language}/*/*/")
    assert page.locator("h1").count() == 1
