"""The press page as journalists use it: contacts on each announcement, and a clean printout."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import AnnouncementFactory
from tests.helpers import Page

pytestmark = pytest.mark.django_db


def test_announcement_shows_every_press_contact_field_staff_entered(client):
    AnnouncementFactory(
        slug="with-contact",
        contact_name_en="Press office of the Municipality",
        contact_email="press@example.org",
        contact_phone="+355 52 123 456",
    )
    page = Page(client.get("/en/announcements/with-contact/").content.decode())
    assert "Press contact" in page.main
    assert "Press office of the Municipality" in page.main
    hrefs = [a.get("href") for a in page.find_all("a")]
    assert "mailto:press@example.org" in hrefs
    assert "tel:+35552123456" in hrefs


def test_announcement_without_contact_has_no_empty_contact_box(client):
    AnnouncementFactory(slug="no-contact")
    page = Page(client.get("/en/announcements/no-contact/").content.decode())
    assert "Press contact" not in page.main


def test_printed_announcement_carries_its_own_address(client):
    url = "/sq/announcements/durres-local-meeting-2016-07-28/"
    page = Page(client.get(url).content.decode())
    assert f"http://testserver{url}" in page.main
    # The announced meeting's link is absolute, so print shows a usable address for it.
    hrefs = [a.get("href") for a in page.find_all("a")]
    assert "http://testserver/sq/meetings/local-durres-2016-07-28/" in hrefs


def test_print_stylesheet_drops_navigation_and_shows_link_addresses():
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert re.search(r"@page\s*\{\s*size:\s*A4", css)
    print_rules = css[css.index("@media print") :]
    hidden = print_rules[: print_rules.index("{ display: none; }")]
    for selector in [".site-nav", ".languages", ".skip-link", ".pagination", ".screen-only"]:
        assert selector in hidden
    assert 'a[href^="http"]::after { content: " (" attr(href) ")"' in print_rules
    assert ".print-only { display: block; }" in print_rules
