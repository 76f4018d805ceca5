"""WCAG 2.2 AA in the browser: axe-core and our own structure checks on every public page
in every language, in light and dark mode, and proof that the checks do catch faults."""

import re

import pytest

from tests.helpers import LANGUAGES, public_urls

from .audit import axe_violations, horizontal_overflow, structure_problems

PAGES_PER_LANGUAGE = (
    20  # 6 project pages (press too), 3 lists, 4 partners, 6 meetings, 1 announcement
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_has_no_axe_wcag22_aa_violation(browse, language):
    urls = public_urls(language)
    assert len(urls) == PAGES_PER_LANGUAGE
    page = browse()
    violations = []
    for url in urls:
        page.goto(url)
        violations += axe_violations(page)
    assert violations == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_dark_mode_has_no_axe_wcag22_aa_violation(browse, language):
    page = browse(color_scheme="dark")
    violations = []
    for url in public_urls(language):
        page.goto(url)
        violations += axe_violations(page)
    assert violations == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_has_one_h1_landmarks_skip_link_and_language_marks(browse, language):
    page = browse()
    problems = []
    for url in public_urls(language):
        page.goto(url)
        problems += structure_problems(page)
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_reflows_at_320px_and_200_percent_zoom(browse, language):
    """WCAG 1.4.10 and 1.4.4: at 320 CSS px, and in a 1280 × 800 window zoomed to 200 %
    (a 640 × 400 layout viewport), nothing makes the page scroll sideways."""
    narrow = browse(width=320, height=640)
    zoomed = browse(width=640, height=400)
    too_wide = []
    for url in public_urls(language):
        for page in (narrow, zoomed):
            page.goto(url)
            overflow = horizontal_overflow(page)
            if overflow > 0:
                too_wide.append(
                    f"{url} at {page.viewport_size['width']} px: {overflow} px too wide"
                )
    assert too_wide == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_alone_enlarged_to_200_percent_still_fits(browse, language):
    """WCAG 1.4.4 with text-only zoom: every size is in rem, so doubling the root size
    doubles all text; the layout must still fit a 1280-px window."""
    page = browse()
    too_wide = []
    for url in public_urls(language):
        page.goto(url)
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        if horizontal_overflow(page) > 0:
            too_wide.append(url)
    assert too_wide == []


def break_page(page, url, pattern, replacement):
    """Serve `url` with its real HTML changed, as if someone had broken a template."""

    def handle(route):
        response = route.fetch()
        html, count = re.subn(pattern, replacement, response.text())
        assert count >= 1, pattern
        # The breakage may be an inline style, which the site's CSP would block: these
        # pages test the accessibility checker, so they are served without the policy.
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() != "content-security-policy"
        }
        route.fulfill(response=response, body=html, headers=headers)

    page.route(f"**{url}", handle)


def test_axe_check_names_page_rule_and_element_of_a_missing_alt(browse):
    page = browse()
    page.goto("/en/partners/")
    assert axe_violations(page) == []
    break_page(page, "/en/partners/", r'(<img class="eu-emblem"[^>]*?) alt="[^"]*"', r"\1")
    page.goto("/en/partners/")
    violations = axe_violations(page)
    assert len(violations) == 1
    assert violations[0].startswith(
        '/en/partners/: image-alt at img (Images must have alternative text; <img class="eu-emblem"'
    )


def test_axe_check_catches_low_contrast_text(browse):
    page = browse()
    break_page(
        page,
        "/en/",
        r'<p class="funding-statement">',
        '<p class="funding-statement" style="color:#bbb">',
    )
    page.goto("/en/")
    violations = axe_violations(page)
    assert [v.split(" (")[0] for v in violations] == ["/en/: color-contrast at .funding-statement"]


def test_structure_check_catches_two_h1_no_skip_link_and_unmarked_language_names(browse):
    page = browse()
    url = "/el/meetings/"
    break_page(page, url, r'<a class="skip-link"[^>]*>[^<]*</a>', "")
    page.goto(url)
    page.evaluate(
        """() => {
          const h1 = document.createElement('h1');
          h1.textContent = 'A second title';
          document.querySelector('main').append(h1);
          document.querySelector('nav.languages button[value="en"]').removeAttribute('lang');
        }"""
    )
    problems = structure_problems(page)
    assert problems[0] == f"{url}: one-h1: found 2"
    assert problems[1].startswith(f'{url}: skip-link: first focusable is <a class="brand"')
    assert problems[2].startswith(
        f'{url}: switcher-lang at <button type="submit" name="language" value="en"'
    )
    assert len(problems) == 3


def test_reflow_check_catches_a_fixed_width_element(browse):
    page = browse(width=320, height=640)
    page.goto("/sq/")
    assert horizontal_overflow(page) == 0
    page.evaluate("() => { document.querySelector('main').style.minWidth = '500px'; }")
    assert horizontal_overflow(page) > 0
