"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They run in their own pytest process (`make test-browser`, part of `make test`) with
DJANGO_ALLOW_ASYNC_UNSAFE=true: Playwright's sync API keeps an asyncio loop running in
the main thread, which Django would otherwise take for async code and refuse to query.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from tools.chromium import CHROMIUM_ARGS

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NO_BROWSER = pytest.StashKey[str]()
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def pytest_collection_modifyitems(config, items):
    if os.access(CHROMIUM, os.X_OK):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: the browser tests cannot run. "
        "Install it with `apt-get install -y chromium` (make test does so when run as root)."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.exit(f"CI=true and {message}", returncode=1)
    config.stash[NO_BROWSER] = message
    for item in items:
        item.add_marker(pytest.mark.skip(reason=f"NO BROWSER: {message}"))


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    if NO_BROWSER in config.stash:
        terminalreporter.write_sep("!", "ALL BROWSER TESTS WERE SKIPPED", red=True, bold=True)
        terminalreporter.write_line(config.stash[NO_BROWSER], red=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url():
    """None: each context gets the live server's address (see `browse`). Defined here
    because pytest-playwright's own fallback trips a pytest 9 deprecation warning."""
    return None


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but serving static files as production does.

    Its default handler looks files up by their source names and so answers 500 to
    the hashed names of the manifest storage; WhiteNoise, in the middleware, serves
    the collected files (`make static`) by their hashed names, as under gunicorn.
    """
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server's address, with the real content in its database.

    Live-server tests are transactional: pytest-django empties the tables after each
    one, so the content loaded once for the session is gone for the next test. The
    loader only creates what is missing, so calling it again is cheap and exact.
    """
    call_command("load_content", verbosity=0)
    return live_server.url


@pytest.fixture
def browse(new_context, live_site):
    """Open pages in fresh browser contexts; the test fails on any console error,
    uncaught script error, failed request or HTTP error response on any of them."""
    problems = []

    def watch(page):
        page.on(
            "console",
            lambda msg: (
                msg.type == "error" and problems.append(f"console: {msg.text} ({page.url})")
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"script error: {error} ({page.url})"))
        # ERR_ABORTED is the browser dropping a request (the lazy favicon) when the test
        # moves on to the next page; a server error still shows as its HTTP status.
        page.on(
            "requestfailed",
            lambda request: (
                "ERR_ABORTED" not in (request.failure or "")
                and problems.append(f"request failed: {request.url} {request.failure}")
            ),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and problems.append(f"HTTP {response.status}: {response.url}")
            ),
        )

    def open_page(width=1280, height=800, **context_args):
        context = new_context(
            viewport={"width": width, "height": height}, base_url=live_site, **context_args
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        watch(page)
        return page

    yield open_page
    assert not problems, "\n".join(problems)
