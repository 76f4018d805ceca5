"""Checks run on a page open in the browser; each returns a list of problems, empty when
the page passes, every problem naming the page, the rule and the element. Also the
keyboard and navigation helpers the browser tests share."""

from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0 and 2.1, levels A and AA: what EN 301 549 (v3.2.1) requires of public bodies' sites.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# And WCAG 2.2's: what every page is held to. axe-core 4.12 tags one rule "wcag22aa"
# (target-size, 2.5.8) and none "wcag22a"; tests/browser/test_forms.py checks more of 2.2.
WCAG_22_AA = [*WCAG_21_AA, "wcag22aa"]
_axe = Axe()


def path(page):
    return urlsplit(page.url).path


def axe_violations(page, tags=WCAG_22_AA):
    """axe-core's WCAG 2.2 A and AA violations (or those of `tags`, e.g. WCAG_21_AA), one
    line per offending element."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]},
    )
    return [
        f"{path(page)}: {rule['id']} at {' '.join(map(str, node['target']))}"
        f" ({rule['help']}; {node['html'][:160]})"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]


STRUCTURE = """() => {
  const problems = [];
  const describe = (el) => el.outerHTML.slice(0, 120);
  const h1 = [...document.querySelectorAll('h1')];
  if (h1.length !== 1) problems.push(`one-h1: found ${h1.length}`);
  const landmarks = {
    'banner': 'body > header', 'main': 'main#main', 'contentinfo': 'body > footer',
    'navigation (main menu)': 'header nav.site-nav[aria-label]',
    'navigation (languages)': 'header nav.languages[aria-label]',
  };
  for (const [name, selector] of Object.entries(landmarks)) {
    const found = document.querySelectorAll(selector).length;
    if (found !== 1) problems.push(`landmark ${name}: ${found} × ${selector}`);
  }
  const focusable = document.querySelector('a[href], button, input, select, textarea');
  if (!focusable || !focusable.matches('a.skip-link[href="#main"]')) {
    problems.push(`skip-link: first focusable is ${focusable && describe(focusable)}`);
  }
  const page = document.documentElement.lang;
  if (!page) problems.push('html-lang: missing');
  for (const button of document.querySelectorAll('nav.languages button')) {
    if (!button.lang || button.lang !== button.value) {
      problems.push(`switcher-lang at ${describe(button)}`);
    }
  }
  for (const el of document.querySelectorAll('[lang]')) {
    if (!/^(sq|it|es|el|en)$/.test(el.lang)) problems.push(`lang-value at ${describe(el)}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.getAttribute('width') || !img.getAttribute('height')) {
      problems.push(`img-size at ${describe(img)}`);
    }
  }
  return problems;
}"""


def structure_problems(page):
    """One <h1>, the landmarks, the skip link first, `lang` on the switcher's names."""
    return [f"{path(page)}: {problem}" for problem in page.evaluate(STRUCTURE)]


def horizontal_overflow(page):
    """CSS pixels the page is wider than the window (reflow, WCAG 1.4.10): 0 when it fits."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def within_first_screen(page, selector):
    """Whether the element is entirely visible before any scrolling."""
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )


# The keyboard: each focusable element named by tag, address and text; where the focus is.
NAME = """el => [
  el.tagName.toLowerCase(),
  el.getAttribute('href') || '',
  el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50),
].join(' ')"""

FOCUS = f"""() => {{
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const region = el.closest('.skip-link, header, main, footer');
  return {{
    element: ({NAME})(el),
    region: !region ? 'none' : region.matches('.skip-link') ? 'skip' : region.localName,
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    id: el.id,
    // Within a pixel: scrolling into view may leave a fraction of one (sub-pixel layout).
    visible: box.width > 0 && box.height > 0 && box.top >= -1 && box.bottom <= innerHeight + 1,
    // Not hidden (WCAG 2.4.11): some part of it is in the window, and at the centre of that
    // part the topmost element is the focused one or inside it. Per box, as a link may
    // wrap; a tall field may stand partly below the window, where Chromium leaves it.
    unobscured: [...el.getClientRects()].some(rect => {{
      const root = document.documentElement;
      const left = Math.max(rect.left, 0), right = Math.min(rect.right, root.clientWidth);
      const top = Math.max(rect.top, 0), bottom = Math.min(rect.bottom, root.clientHeight);
      if (right <= left || bottom <= top) return false;
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      return hit !== null && (hit === el || el.contains(hit));
    }}),
  }};
}}"""

# Every element the Tab key can reach, in document order (no positive tabindex is used;
# a negative one, as on the alerts' field for robots, keeps a control out of the order).
TABBABLE = f"""() => [...document.querySelectorAll(
  'a[href], button, input, select, textarea, [tabindex]'
)].filter(el => el.getClientRects().length && el.tabIndex >= 0).map({NAME})"""


# Where focus may be, in the order the Tab key must visit it.
READING_ORDER = ["skip", "header", "main", "footer"]


def tab_through(page):
    """(what Tab should reach, in document order; where each press of Tab went)."""
    expected = page.evaluate(TABBABLE)
    stops = []
    for _ in expected:
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
    return expected, stops


def focus(page):
    """Where the focus is now: the element, its region, outline, visibility (as above)."""
    return page.evaluate(FOCUS)


def tab_to(page, selector, backwards=False):
    """Press Tab (Shift+Tab when `backwards`) until `selector` has the focus; the ids of the
    elements passed on the way."""
    passed = []
    for _ in page.evaluate(TABBABLE):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return passed
        passed.append(page.evaluate("() => document.activeElement.id"))
    pytest.fail(f"{selector} is not reachable with Tab on {page.url}")


# Controls (and links drawn as buttons) smaller than 24 × 24 CSS px, robots' fields aside.
SMALL_TARGETS = """() => [...document.querySelectorAll('button, input, select, textarea, a.button')]
  .filter(el => el.type !== 'hidden' && el.getClientRects().length
    && !el.closest('[aria-hidden="true"]'))
  .map(el => [el.outerHTML.slice(0, 100), el.getBoundingClientRect()])
  .filter(([, box]) => box.width < 24 || box.height < 24)
  .map(([html, box]) => `${html} is ${box.width} × ${box.height}`)"""


def small_targets(page):
    """Every control at least 24 × 24 CSS px (WCAG 2.5.8 without its spacing exception,
    which axe's target-size rule allows): one line per control that is smaller."""
    return [f"{path(page)}: {problem}" for problem in page.evaluate(SMALL_TARGETS)]


@contextmanager
def answered(page, path, status):
    """The next load of `path` is expected to answer `status`: `browse` fails a test on
    any HTTP error response, so once checked here it reaches the browser as a 200."""
    seen = []

    def answer(route):
        response = route.fetch()
        seen.append(response.status)
        route.fulfill(response=response, status=200 if response.status == status else None)

    page.route(f"**{path}", answer, times=1)
    with page.expect_navigation():
        yield
    assert seen == [status]
