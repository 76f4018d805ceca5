"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They run in their own pytest process (`make test-browser`, part of `make test`) with
DJANGO_ALLOW_ASYNC_UNSAFE=true: Playwright's sync API keeps an asyncio loop running in
the main thread, which Django would otherwise take for async code and refuse to query.
"""

import os
from contextlib import contextmanager
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
    uncaught script error, failed request or HTTP error response on any of them, except
    the error answers it expects with `browse.expect_status` (see there)."""
    problems = []
    expected = []  # [status, part of the address, times seen]
    contexts = []

    def watch(page):
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and not foreseen_in_console(msg)
                and problems.append(f"console: {msg.text} ({page.url})")
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
                and not foreseen(response)
                and problems.append(f"HTTP {response.status}: {response.url}")
            ),
        )

    def foreseen(response):
        for expectation in expected:
            status, part, _seen = expectation
            if response.status == status and part in response.url:
                expectation[2] += 1
                return True
        return False

    def foreseen_in_console(msg):
        # Chromium logs every error answer, the page's own too.
        url = msg.location.get("url", "")
        return any(
            f"responded with a status of {status} " in msg.text and part in url
            for status, part, _seen in expected
        )

    @contextmanager
    def expect_status(status, part):
        """Within the block, answers `status` from addresses containing `part` are what
        the page should get (the admin's conflict page answers 409 by design), reaching
        the browser as sent; at least one must come. Any other error still fails."""
        expectation = [status, part, 0]
        expected.append(expectation)
        try:
            yield
        finally:
            expected.remove(expectation)
        assert expectation[2], f"expected an HTTP {status} answer from an address with {part}"

    def open_page(width=1280, height=800, **context_args):
        context = new_context(
            viewport={"width": width, "height": height}, base_url=live_site, **context_args
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        context.on("close", lambda closed: contexts.remove(closed))
        page = context.new_page()
        watch(page)
        return page

    open_page.expect_status = expect_status
    yield open_page
    found = list(problems)
    # Open pages may still call the live server (the admin's presence heartbeat, and its
    # beacon as a page closes): cut them off before the test's database is emptied.
    for context in list(contexts):
        context.set_offline(True)
        context.close()
    assert not found, "\n".join(found)
