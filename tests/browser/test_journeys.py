"""Journeys through the site as real visitors make them, in Chromium."""

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.utils import translation

from meetings.models import Meeting
from pages.models import Page

from .audit import READING_ORDER, horizontal_overflow, tab_through, within_first_screen
from .conftest import ARTIFACTS

ROME = zoneinfo.ZoneInfo("Europe/Rome")
FINAL_MEETING = "international-5-palazzo-san-gervasio"


@pytest.fixture
def on_1_november_2017(live_site, time_machine):
    """The site as it stood two weeks before the final meeting: the project's pages and
    meetings published since its start, the final meeting confirmed and still to come."""
    start = dt.datetime(2016, 2, 1, tzinfo=ROME)
    Page.objects.update(published_at=start)
    Meeting.objects.update(published_at=start)
    Meeting.objects.filter(slug=FINAL_MEETING).update(status=Meeting.Status.CONFIRMED)
    time_machine.move_to(dt.datetime(2017, 11, 1, 9, tzinfo=ROME), tick=True)


def gettext_in(language, message):
    with translation.override(language):
        return translation.gettext(message)


def test_phone_visitor_finds_the_next_meeting_in_greek(on_1_november_2017, browse):
    page = browse(width=375, height=812, is_mobile=True, has_touch=True)
    page.goto("/sq/")
    assert within_first_screen(page, ".eu-emblem")
    assert within_first_screen(page, ".funding-statement")

    page.get_by_role("button", name="Ελληνικά").tap()
    page.wait_for_url("**/el/")
    assert page.locator("html").get_attribute("lang") == "el"
    # The choice is remembered: the site's address opens in Greek from now on.
    page.goto("/")
    page.wait_for_url("**/el/")
    assert horizontal_overflow(page) == 0

    featured = page.locator("section.featured")
    assert featured.get_by_role("heading", level=2).inner_text() == gettext_in("el", "Next meeting")
    featured.get_by_role("link", name=re.compile("^Πέμπτη διεθνής συνάντηση")).tap()
    page.wait_for_url(f"**/el/meetings/{FINAL_MEETING}/")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Πέμπτη διεθνής συνάντηση: η καταληκτική εκδήλωση του έργου"
    )
    facts = page.locator("dl.facts")
    assert facts.locator("time").evaluate_all("els => els.map(e => e.dateTime)") == [
        "2017-11-15",
        "2017-11-17",
    ]
    assert facts.locator("dd.when").inner_text() == "15 Νοεμβρίου 2017 – 17 Νοεμβρίου 2017"
    assert "Pinacoteca d'Errico" in facts.inner_text()
    assert "Παλάτσο Σαν Τζερβάζιο, Ιταλία" in facts.inner_text()
    assert horizontal_overflow(page) == 0

    # Adding it to the phone's calendar downloads one event for those days.
    with page.expect_download() as download:
        page.get_by_role("link", name=gettext_in("el", "Add to calendar")).tap()
    with open(download.value.path(), "rb") as handle:
        events = icalendar.Calendar.from_ical(handle.read()).walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart") == dt.date(2017, 11, 15)
    assert events[0].decoded("dtend") == dt.date(2017, 11, 18)  # exclusive: through the 17th
    assert str(events[0]["summary"]).startswith("Πέμπτη διεθνής συνάντηση")


@pytest.mark.parametrize(
    "url",
    # The meetings list holds the timeline (#18) above the cards.
    [
        "/en/",
        "/el/",
        f"/en/meetings/{FINAL_MEETING}/",
        "/sq/announcements/",
        "/it/meetings/",
        "/el/meetings/",
    ],
)
def test_keyboard_reaches_every_link_in_order_with_a_visible_focus(browse, url):
    page = browse()
    page.goto(url)
    expected, stops = tab_through(page)
    assert [stop["element"] for stop in stops] == expected
    regions = [stop["region"] for stop in stops]
    # Skip link, then the header (brand, languages, search, menu), the page, the footer.
    assert regions == sorted(regions, key=READING_ORDER.index)
    assert regions[:16] == ["skip"] + ["header"] * 15
    language = url.split("/")[1]
    header = [stop["element"] for stop in stops[1:16]]
    assert header[0].startswith(f"a /{language}/ IN.TO.EU")
    assert [name.split(" ", 2)[2] for name in header[1:6]] == [
        "Shqip",
        "Italiano",
        "Español",
        "Ελληνικά",
        "English",
    ]
    # The search box, then its button.
    assert header[6].startswith("input ") and header[7].startswith("button ")
    assert [name.split(" ")[1] for name in header[8:]] == [
        f"/{language}/",
        f"/{language}/about/",
        f"/{language}/partners/",
        f"/{language}/meetings/",
        f"/{language}/announcements/",
        f"/{language}/press/",
        f"/{language}/contact/",
    ]
    hidden = [stop["element"] for stop in stops if stop["outline"] < 2 or not stop["visible"]]
    assert hidden == []


def test_skip_link_shows_on_focus_and_moves_focus_to_the_content(browse):
    page = browse(width=375, height=812)
    page.goto("/it/partners/")
    skip = page.locator(".skip-link")
    assert not within_first_screen(page, ".skip-link")
    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    assert within_first_screen(page, ".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    first_in_main = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert first_in_main


def test_journalist_prints_an_announcement(browse):
    page = browse()
    url = "/en/announcements/durres-local-meeting-2016-07-28/"
    page.goto(url)
    page.emulate_media(media="print")
    for selector in [".skip-link", ".site-nav", ".languages", ".site-footer section"]:
        assert page.locator(selector).first.is_hidden(), selector
    for selector in ["h1", ".meeting-box", ".press-contact", ".funding", ".disclaimer"]:
        assert page.locator(selector).is_visible(), selector
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == (
        "rgb(255, 255, 255)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=ARTIFACTS / "announcement-en-print.pdf", format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 3
