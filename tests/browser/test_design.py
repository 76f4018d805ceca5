"""What the design promises: the EU emblem and funding statement before any scrolling,
a readable line length, and full-page screenshots of the main pages to look at."""

import pytest

from .audit import within_first_screen
from .conftest import ARTIFACTS

MAIN_PAGES = {
    "home": "/{language}/",
    "partners": "/{language}/partners/",
    "partner": "/{language}/partners/durres/",
    "meetings": "/{language}/meetings/",
    "meeting": "/{language}/meetings/local-durres-2016-07-28/",
    "announcement": "/{language}/announcements/durres-local-meeting-2016-07-28/",
    "accessibility": "/{language}/accessibility/",
}

# Widest paragraph of running text, in ems of its own font size: about 75 characters.
LONGEST_LINE = """() => Math.max(...[...document.querySelectorAll('main p, main li')]
  .filter(el => !el.closest('.cards'))
  .map(el => el.getBoundingClientRect().width / parseFloat(getComputedStyle(el).fontSize))
)"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_main_pages_show_the_eu_funding_first(browse, width, height):
    page = browse(width=width, height=height)
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    below_the_fold, long_lines = [], []
    for language in ["sq", "el"]:
        for name, url in MAIN_PAGES.items():
            page.goto(url.format(language=language))
            for selector in [".eu-emblem", ".funding-statement"]:
                if not within_first_screen(page, selector):
                    below_the_fold.append(f"{page.url}: {selector}")
            page.screenshot(path=shots / f"{width}-{language}-{name}.png", full_page=True)
            longest = page.evaluate(LONGEST_LINE)
            if longest > 38:
                long_lines.append(f"{page.url}: {longest:.0f} em")
    assert below_the_fold == []
    assert long_lines == []


def test_dark_mode_screenshots(browse):
    page = browse(width=1280, height=800, color_scheme="dark")
    for name in ["home", "meeting"]:
        page.goto(MAIN_PAGES[name].format(language="en"))
        page.screenshot(path=ARTIFACTS / "screenshots" / f"1280-en-{name}-dark.png", full_page=True)
