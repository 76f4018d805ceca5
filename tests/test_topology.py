"""Two gunicorn instances sharing one PostgreSQL and one Redis, as in production.

Runs when `scripts/with-services` provides the servers (`make test` does, in its second
run); the SQLite run skips it.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
PG_CTL = os.environ.get("SERVICES_PG_CTL", "")

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL and PG_CTL),
    reason="needs the PostgreSQL and Redis of scripts/with-services",
)

PASSWORD = "two-instances-Pass-phrase"
HOST = "into-eu.example.org"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with cookies, talking to one instance; answers are (status, text)."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        # As behind nginx: every instance sees the public host name, not its own port.
        request.add_header("Host", HOST)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def get(self, path):
        return self.request(path)[:2]

    def post_form(self, path, fields):
        _status, html, _headers = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})[:2]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    name = "into_eu_topology"
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    env = {
        **os.environ,
        "DATABASE_URL": url._replace(path=f"/{name}").geturl(),
        # Another Redis database than the test run's, which each test empties.
        "REDIS_URL": REDIS_URL.rsplit("/", 1)[0] + "/1",
        "ALLOWED_HOSTS": HOST,
        "SECRET_KEY": "two-instance-test-key-" + "x" * 40,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "DJANGO_SETTINGS_MODULE": "into_eu.settings",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput"],
        ["load_content"],
        ["createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        ["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True
    )

    logs = tmp_path_factory.mktemp("gunicorn")
    ports, servers = [free_port(), free_port()], []
    try:
        for port in ports:
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "into_eu.wsgi", "--bind",
                     f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
                    cwd=ROOT,
                    env=env,
                    stdout=(logs / f"{port}.log").open("w"),
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        for port in ports:
            wait_until_up(port)
        yield env, ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def wait_until_up(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Browser(port).get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn on port {port} did not start")


def test_a_change_through_one_instance_is_read_through_the_other(site):
    env, ports = site
    a, b = (Browser(port) for port in ports)
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        pk, slug, title = conn.execute(
            "SELECT id, slug, title_en FROM meetings_announcement ORDER BY id LIMIT 1"
        ).fetchone()
    page = f"/en/announcements/{slug}/"
    # Both instances have the page, stored once in the shared cache.
    assert b.get(page)[0] == 200
    assert a.get(page)[0] == 200
    assert title in b.get("/en/announcements/")[1]

    status, _html = a.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert status == 302
    status, _html = a.post_form(f"/admin/meetings/announcement/{pk}/delete/", {"post": "yes"})
    assert status == 302

    assert b.get(page)[0] == 404
    assert title not in b.get("/en/announcements/")[1]


def test_database_stop_keeps_stored_pages_and_recovers_by_itself(site):
    from django.db import connections

    _env, ports = site
    a, b = (Browser(port) for port in ports)  # anonymous visitors, served by the cache
    stored = a.get("/en/meetings/")
    assert stored[0] == 200
    subprocess.run([PG_CTL, "stop"], check=True, capture_output=True)
    try:
        assert b.get("/en/meetings/") == stored  # from Redis, through the other instance
        status, html, headers = b.request("/el/partners/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Προσωρινά μη διαθέσιμο" in html
        assert b.request("/readyz")[0] == 503
        assert b.get("/healthz")[0] == 200
    finally:
        subprocess.run([PG_CTL, "start"], check=True, capture_output=True)
        # The test run's own connections died with the server too.
        connections.close_all()
    assert b.get("/el/partners/")[0] == 200
    assert a.get("/readyz")[0] == 200
