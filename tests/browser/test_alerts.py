"""The e-mail alerts' pages in the browser, in every language: subscribe (and its
errors), the request sent, confirm, the choices (and their saving), leave, and a broken
link, each free of axe's WCAG 2.2 A and AA violations in light and dark mode and usable
at 320 px; subscribing, confirming and leaving by keyboard alone."""

import pytest
from django.utils import timezone

from alerts import links
from alerts.models import Subscriber
from tests.helpers import LANGUAGES

from .audit import (
    READING_ORDER,
    WCAG_22_AA,
    answered,
    axe_violations,
    horizontal_overflow,
    structure_problems,
    tab_through,
    tab_to,
)

SUBMIT = "main form button[type=submit]"


def link(language, view, subscriber):
    """The path of a subscriber's confirm, choices or leave page, as the mails give it."""
    purpose = links.CONFIRM if view == "confirm" else links.MANAGE
    return f"/{language}/alerts/{view}/{links.token(subscriber, purpose)}/"


def subscriber(language, confirmed):
    return Subscriber.objects.get_or_create(
        email=f"{'member' if confirmed else 'asks'}-{language}@example.org",
        defaults={"language": language, "confirmed_at": timezone.now() if confirmed else None},
    )[0]


def alert_pages(page, language):
    """Show each page of the alerts in turn, yielding once each is loaded."""
    asks, member = subscriber(language, confirmed=False), subscriber(language, confirmed=True)
    page.goto(f"/{language}/alerts/")
    yield
    # No consent and a bad address: the error summary, the fields marked invalid.
    page.fill("#alerts-email", "not-an-address")
    with answered(page, f"/{language}/alerts/", 400):
        page.click(SUBMIT)
    assert page.locator("[role=alert] a").count() == 2
    assert page.locator("[aria-invalid=true]").count() == 2
    yield
    page.goto(f"/{language}/alerts/requested/")
    yield
    page.goto(link(language, "confirm", asks))
    yield
    page.goto(link(language, "choices", member))
    yield
    with page.expect_navigation():
        page.click(SUBMIT)
    assert page.locator("[role=status]").is_visible()
    yield
    page.goto(link(language, "leave", member))
    yield
    with answered(page, f"/{language}/alerts/confirm/nonsense/", 400):
        page.goto(f"/{language}/alerts/confirm/nonsense/")
    yield


@pytest.mark.parametrize("language", LANGUAGES)
def test_alert_pages_pass_axe_wcag22_aa_in_light_and_dark_mode(browse, language):
    violations, problems = [], []
    for scheme in ("light", "dark"):
        page = browse(color_scheme=scheme)
        for _ in alert_pages(page, language):
            violations += axe_violations(page, WCAG_22_AA)
            problems += structure_problems(page)
    assert violations == []
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_alert_pages_reflow_at_320px(browse, language):
    page = browse(width=320, height=640)
    too_wide = [page.url for _ in alert_pages(page, language) if horizontal_overflow(page) > 0]
    assert too_wide == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_subscribes_by_keyboard_alone(browse, language):
    page = browse()
    page.goto(f"/{language}/alerts/")

    # Every stop in reading order, each with a visible focus (the field for robots is none:
    # TABBABLE leaves it out, and the journey below checks Tab never lands on it).
    expected, stops = tab_through(page)
    assert [stop["element"] for stop in stops] == expected
    regions = [stop["region"] for stop in stops]
    assert regions == sorted(regions, key=READING_ORDER.index)
    assert all(stop["outline"] >= 2 and stop["visible"] for stop in stops)

    # From the top again: the address, the consent, the button.
    page.goto(f"/{language}/alerts/")
    email = f"keyboard-{language}@example.org"
    passed = tab_to(page, "#alerts-email")
    page.keyboard.type(email)
    passed += tab_to(page, "#alerts-consent")
    page.keyboard.press("Space")
    assert page.locator("#alerts-consent").is_checked()
    passed += tab_to(page, SUBMIT)
    assert "alerts-website" not in passed
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{language}/alerts/requested/")
    assert Subscriber.objects.filter(email=email, language=language).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_subscriber_confirms_and_leaves_by_keyboard_alone(browse, language):
    asks = subscriber(language, confirmed=False)
    page = browse()
    page.goto(link(language, "confirm", asks))
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    asks.refresh_from_db()
    assert asks.confirmed_at is not None

    page.goto(link(language, "leave", asks))
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not Subscriber.objects.filter(pk=asks.pk).exists()
