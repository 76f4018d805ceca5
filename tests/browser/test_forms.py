"""Registration for a meeting and the accessibility feedback form in the browser, in every
language: the meeting's Register link, the form (and its errors), "check your mailbox", a
registrant's own page (confirmed and waiting), the feedback form opened from a page's
footer (and its errors) and its thanks, each free of axe's WCAG 2.2 A and AA violations in
light and dark mode; registering, cancelling and sending feedback by keyboard alone; and
both journeys by touch on a phone, at 375 and 320 px."""

import pytest
from django.utils import translation

from feedback.models import Feedback
from registrations import links, seats
from registrations.models import Registrant
from tests.helpers import LANGUAGES
from tests.registrations.conftest import open_registration

from .audit import (
    READING_ORDER,
    WCAG_22_AA,
    answered,
    axe_violations,
    focus,
    horizontal_overflow,
    path,
    small_targets,
    structure_problems,
    tab_through,
    tab_to,
)

SUBMIT = "main form button[type=submit]"
REGISTER_LINK = "main a.button[href$='/register/']"
FEEDBACK_LINK = "footer a[href*='/feedback/?page=']"
SUMMARY_LINKS = ".form-problems[role=alert] a"


def meeting(name):
    """A meeting ahead whose registration is open, with one place."""
    return open_registration(capacity=1, slug=f"register-{name}").meeting


def path_of(item, language):
    """Its page in `language` (the test's own thread speaks Albanian)."""
    with translation.override(language):
        return item.get_absolute_url()


def registrant(registration, language, who):
    return seats.register(
        registration.pk,
        {"name": who.title(), "email": f"{who}-{language}@example.org", "language": language},
    )


def place_path(language, person):
    return f"/{language}/registrations/{links.token(person)}/"


def focused(page):
    return page.evaluate("() => document.activeElement.id")


def value(page, selector):
    return page.locator(selector).input_value()


def form_pages(page, language, meeting):
    """Show each page of registration and feedback in turn, yielding once each is loaded."""
    registration = meeting.registration
    confirmed = registrant(registration, language, "first")
    waiting = registrant(registration, language, "second")
    assert (confirmed.status, waiting.status) == ("confirmed", "waiting")
    meeting_path = path_of(meeting, language)
    register_path = f"{meeting_path}register/"

    page.goto(meeting_path)
    assert page.locator(REGISTER_LINK).is_visible()
    yield
    page.goto(register_path)
    yield
    # Sent empty: the error summary, the three required fields marked invalid.
    with answered(page, register_path, 400):
        page.click(SUBMIT)
    assert page.locator(SUMMARY_LINKS).count() == 3
    assert page.locator("[aria-invalid=true]").count() == 3
    yield
    page.goto(f"{register_path}thanks/")
    yield
    page.goto(place_path(language, confirmed))
    assert page.locator(SUBMIT).is_visible()
    yield
    page.goto(place_path(language, waiting))
    assert page.locator(SUBMIT).is_visible()
    yield
    # The feedback form from the footer of the meeting's page: the page is filled in.
    page.goto(meeting_path)
    with page.expect_navigation():
        page.click(FEEDBACK_LINK)
    assert value(page, "#feedback-page") == meeting_path
    yield
    # An address without the consent, and no message: two errors.
    page.fill("#feedback-email", f"reader-{language}@example.org")
    with answered(page, f"/{language}/feedback/", 400):
        page.click(SUBMIT)
    assert page.locator(SUMMARY_LINKS).count() == 2
    assert page.locator("[aria-invalid=true]").count() == 2
    yield
    page.goto(f"/{language}/feedback/sent/")
    yield


# Each control and inline error in its field's box, as the template wrote it: a block the
# parser would not nest (an error paragraph inside a field paragraph) splits them apart.
LOOSE = """() => [...document.querySelectorAll(
  'main form input:not([type=hidden]), main form select, main form textarea, main .form-error'
)].filter(el => !el.closest('.field, .trap')).map(el => el.outerHTML.slice(0, 80))"""


def loose_parts(page):
    return [f"{path(page)}: outside its field: {html}" for html in page.evaluate(LOOSE)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_pages_pass_axe_wcag22_aa_in_light_and_dark_mode(browse, language):
    violations, problems = [], []
    for scheme in ("light", "dark"):
        page = browse(color_scheme=scheme)
        # Each scheme its own meeting, one confirmed and one waiting on each.
        for _ in form_pages(page, language, meeting(f"{language}-{scheme}")):
            violations += axe_violations(page, WCAG_22_AA)
            problems += structure_problems(page) + loose_parts(page)
    assert violations == []
    assert problems == []


def assert_every_stop_in_order(page):
    """Tab from the top reaches every focusable element in document and reading order,
    each shown with an outline, in the window and under nothing else (WCAG 2.4.3, 2.4.7,
    2.4.11); the field for robots is never one of them. (Not `visible`, wholly in the
    window: Chromium does not scroll to a tall field of which most is in sight already.)"""
    expected, stops = tab_through(page)
    assert [stop["element"] for stop in stops] == expected
    regions = [stop["region"] for stop in stops]
    assert regions == sorted(regions, key=READING_ORDER.index)
    assert [stop for stop in stops if not stop["outline"] >= 2] == []
    assert [stop for stop in stops if not stop["unobscured"]] == []
    assert not any(stop["id"].endswith("-website") for stop in stops)


def assert_focus_shown(page, element_id):
    now = focus(page)
    assert now["id"] == element_id
    assert now["outline"] >= 2 and now["visible"] and now["unobscured"], now


def follow_summary_link(page, number, field, backwards=False):
    """Tab to the error summary's link `number` (from 1), press Enter: the focus is on the
    field it names. The ids of the elements passed on the way to the link."""
    link = f".form-problems li:nth-child({number}) a"
    assert page.locator(link).get_attribute("href") == f"#{field}"
    passed = tab_to(page, link, backwards=backwards)
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.activeElement.id === id", arg=field)
    assert_focus_shown(page, field)
    return passed


def summary_comes_first(page):
    """The error summary is at the top of the form: before it in the page (the journeys
    check that Tab reaches its links before any field)."""
    return page.evaluate(
        """() => {
          const summary = document.querySelector('.form-problems');
          const form = document.querySelector('main form');
          return Boolean(summary.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_registers_by_keyboard_alone(browse, language):
    meeting_path = path_of(meeting(language), language)
    register_path = f"{meeting_path}register/"
    page = browse()
    page.goto(meeting_path)
    assert_every_stop_in_order(page)

    # From the top again: Tab to Register, Enter.
    page.goto(meeting_path)
    tab_to(page, REGISTER_LINK)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{register_path}")
    assert_every_stop_in_order(page)

    # A first try: every field but the consent, with a mistyped address. The language of
    # the mails is the page's; the arrow key picks its neighbour.
    other = LANGUAGES[LANGUAGES.index(language) + (1 if language != LANGUAGES[-1] else -1)]
    page.goto(register_path)
    tab_to(page, "#register-name")
    page.keyboard.type("Ana Hoxha")
    for field, keys in [
        ("register-email", "ana.hoxha.example.org"),
        ("register-organisation", "Bashkia Durrës"),
        ("register-language", None),
        ("register-access_needs", "A hearing loop, please."),
        ("register-consent", None),
    ]:
        page.keyboard.press("Tab")
        assert focused(page) == field
        if keys:
            page.keyboard.type(keys)
        elif field == "register-language":
            page.keyboard.press("ArrowDown" if language != LANGUAGES[-1] else "ArrowUp")
    assert value(page, "#register-language") == other
    passed = tab_to(page, SUBMIT)
    assert passed == [""]  # the privacy notice's link, then the button: no field for robots
    with answered(page, register_path, 400):
        page.keyboard.press("Enter")

    # The summary at the top names the two mistakes; what was typed is all still there.
    assert summary_comes_first(page)
    assert page.locator(SUMMARY_LINKS).count() == 2
    assert value(page, "#register-name") == "Ana Hoxha"
    assert value(page, "#register-email") == "ana.hoxha.example.org"
    assert value(page, "#register-organisation") == "Bashkia Durrës"
    assert value(page, "#register-language") == other
    assert value(page, "#register-access_needs") == "A hearing loop, please."
    assert not page.locator("#register-consent").is_checked()

    # Each link of the summary, reached before any field, takes the focus to its field;
    # there, the keyboard mends the mistake.
    passed = follow_summary_link(page, 1, "register-email")
    assert not any(id.startswith("register-") for id in passed)
    page.keyboard.press("Control+A")
    email = f"ana-{language}@example.org"
    page.keyboard.type(email)
    follow_summary_link(page, 2, "register-consent", backwards=True)
    page.keyboard.press("Space")
    assert page.locator("#register-consent").is_checked()
    passed = tab_to(page, SUBMIT)
    assert "register-website" not in passed
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{register_path}thanks/")

    person = Registrant.objects.get(email=email)
    assert path_of(person.registration.meeting, language) == meeting_path
    assert person.status == Registrant.Status.CONFIRMED
    assert (person.name, person.organisation, person.language, person.access_needs) == (
        "Ana Hoxha",
        "Bashkia Durrës",
        other,
        "A hearing loop, please.",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_sends_feedback_by_keyboard_alone(browse, language):
    meeting_path = path_of(meeting(language), language)
    page = browse()
    page.goto(meeting_path)
    tab_to(page, FEEDBACK_LINK)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"/{language}/feedback/?page=" in url)
    assert value(page, "#feedback-page") == meeting_path
    assert_every_stop_in_order(page)

    # A first try: an address, but neither the message nor the consent.
    page.reload()
    tab_to(page, "#feedback-email")
    email = f"reader-{language}@example.org"
    page.keyboard.type(email)
    passed = tab_to(page, SUBMIT)
    assert "feedback-website" not in passed
    with answered(page, f"/{language}/feedback/", 400):
        page.keyboard.press("Enter")
    assert summary_comes_first(page)
    assert page.locator(SUMMARY_LINKS).count() == 2
    assert value(page, "#feedback-page") == meeting_path
    assert value(page, "#feedback-email") == email

    passed = follow_summary_link(page, 1, "feedback-message")
    assert not any(id.startswith("feedback-") for id in passed)
    message = "The map on this page has no text alternative."
    page.keyboard.type(message)
    follow_summary_link(page, 2, "feedback-consent", backwards=True)
    page.keyboard.press("Space")
    passed = tab_to(page, SUBMIT)
    assert "feedback-website" not in passed
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{language}/feedback/sent/")

    feedback = Feedback.objects.get()
    assert (feedback.page, feedback.message, feedback.email, feedback.language) == (
        meeting_path,
        message,
        email,
        language,
    )
    assert feedback.consent_version


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_registrant_cancels_by_keyboard_alone(browse, language):
    registration = meeting(language).registration
    confirmed = registrant(registration, language, "first")
    waiting = registrant(registration, language, "second")
    page = browse()
    page.goto(place_path(language, confirmed))
    assert_every_stop_in_order(page)
    page.goto(place_path(language, confirmed))
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, confirmed.email) == (Registrant.Status.CANCELLED, "")
    assert waiting.status == Registrant.Status.CONFIRMED
    # The link no longer works: the page says so, with no button.
    page.goto(place_path(language, confirmed))
    assert page.locator(SUBMIT).count() == 0


def fits_the_phone(page, problems):
    """No sideways scrolling, no control under 24 × 24 px, the focus (if on a control)
    within the window and under nothing else."""
    if horizontal_overflow(page) > 0:
        problems.append(f"{path(page)}: {horizontal_overflow(page)} px too wide")
    problems += small_targets(page)
    now = focus(page)
    if now["id"] and not now["unobscured"]:
        problems.append(f"{path(page)}: focus hidden on {now}")


def tap(page, selector, problems):
    page.tap(selector)
    fits_the_phone(page, problems)


@pytest.mark.parametrize("width", [375, 320])
@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_visitor_registers_and_sends_feedback_by_touch(browse, language, width):
    meeting_path = path_of(meeting(language), language)
    register_path = f"{meeting_path}register/"
    page = browse(width=width, height=640, is_mobile=True, has_touch=True)
    problems = []
    page.goto(meeting_path)
    fits_the_phone(page, problems)
    with page.expect_navigation():
        page.tap(REGISTER_LINK)
    fits_the_phone(page, problems)

    # Sent at once: the summary; tapping its first link brings the name field into view.
    with answered(page, register_path, 400):
        page.tap(SUBMIT)
    fits_the_phone(page, problems)
    page.tap(f"{SUMMARY_LINKS} >> nth=0")
    page.wait_for_function("() => document.activeElement.id === 'register-name'")
    fits_the_phone(page, problems)
    email = f"phone-{width}-{language}@example.org"
    for field, text in [("#register-name", "Ana Hoxha"), ("#register-email", email)]:
        tap(page, field, problems)
        page.keyboard.type(text)
    tap(page, "#register-consent", problems)
    assert page.locator("#register-consent").is_checked()
    with page.expect_navigation():
        page.tap(SUBMIT)
    page.wait_for_url(f"**{register_path}thanks/")
    fits_the_phone(page, problems)
    assert Registrant.objects.get(email=email).status == Registrant.Status.CONFIRMED

    # The feedback form from this page's footer.
    with page.expect_navigation():
        page.tap(FEEDBACK_LINK)
    fits_the_phone(page, problems)
    assert value(page, "#feedback-page") == f"{register_path}thanks/"
    tap(page, "#feedback-message", problems)
    page.keyboard.type("The date is hard to read.")
    with page.expect_navigation():
        page.tap(SUBMIT)
    page.wait_for_url(f"**/{language}/feedback/sent/")
    fits_the_phone(page, problems)
    assert Feedback.objects.get().page == f"{register_path}thanks/"
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_pages_reflow_at_320px(browse, language):
    page = browse(width=320, height=640)
    too_wide = [
        page.url
        for _ in form_pages(page, language, meeting(language))
        if horizontal_overflow(page) > 0
    ]
    assert too_wide == []


def test_focus_and_size_checks_catch_a_covering_bar_and_a_small_button(browse):
    page = browse()
    page.goto("/en/feedback/")
    page.focus("#feedback-email")
    assert focus(page)["unobscured"]
    assert small_targets(page) == []
    page.evaluate(
        """() => {
          const bar = document.createElement('div');
          bar.style.cssText = 'position: fixed; inset: 0 0 auto 0; height: 50vh; background: red';
          document.body.append(bar);
          document.activeElement.scrollIntoView({block: 'start'});
          const button = document.querySelector('main form button');
          button.style.cssText = 'min-height: 0; padding: 0; border: 0; font-size: 10px';
        }"""
    )
    assert not focus(page)["unobscured"]
    problems = small_targets(page)
    assert len(problems) == 1
    assert problems[0].startswith('/en/feedback/: <button type="submit" style=')
