"""Checks run on a page open in the browser; each returns a list of problems, empty when
the page passes, every problem naming the page, the rule and the element."""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0 and 2.1, levels A and AA: what EN 301 549 requires of public bodies' sites.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# And WCAG 2.2's AA rules (target size, among others), for the pages added since.
WCAG_22_AA = [*WCAG_21_AA, "wcag22aa"]
_axe = Axe()


def path(page):
    return urlsplit(page.url).path


def axe_violations(page, tags=WCAG_21_AA):
    """axe-core's WCAG 2.1 (or `tags`) A and AA violations, one line per offending element."""
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
    // Within a pixel: scrolling into view may leave a fraction of one (sub-pixel layout).
    visible: box.width > 0 && box.height > 0 && box.top >= -1 && box.bottom <= innerHeight + 1,
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
