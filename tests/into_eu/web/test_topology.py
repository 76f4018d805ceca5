"""Production's topology: nginx (deploy/nginx.conf) in front of two gunicorn instances
sharing one PostgreSQL and one Redis.

Runs when `scripts/with-services` provides the servers (`make test` does, in its second
run); the SQLite run skips it. nginx is Debian's, which scripts/with-services installs
when missing and it may; without it the nginx tests are skipped with a warning, and fail
under CI=true.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from contextlib import ExitStack, contextmanager
from http.cookiejar import CookieJar
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.helpers import ROOT
from tools.gunicorn_server import running_gunicorn, stop
from tools.nginx_server import NginxServer, running_nginx

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
PG_CTL = os.environ.get("SERVICES_PG_CTL", "")

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL and PG_CTL),
    reason="needs the PostgreSQL and Redis of scripts/with-services",
)

PASSWORD = "two-instances-Pass-phrase"
HOST = "into-eu.example.org"
FAILURE_LIMIT = 3
# Two real client addresses: Linux answers on all of 127.0.0.0/8.
CLIENT, OTHER_CLIENT = "127.0.0.1", "127.0.0.2"
SPOOFED = {"X-Forwarded-Proto": "https", "X-Real-IP": "1.2.3.4", "X-Forwarded-For": "1.2.3.4"}
MEDIA_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)


# --- Talking to a server on loopback as if it were the public site -----------------------


class LoopbackConnection(http.client.HTTPConnection):
    """Connects to 127.0.0.1:`port` from `source`, whatever host the URL names; with a TLS
    context, speaks HTTPS with the site's name (SNI) as a browser would."""

    def __init__(self, host, *, port, source=CLIENT, context=None, timeout=10):
        super().__init__(host, timeout=timeout)
        self.loopback_port, self.source, self.context = port, source, context

    def connect(self):
        sock = socket.create_connection(
            ("127.0.0.1", self.loopback_port), self.timeout, (self.source, 0)
        )
        self.sock = self.context.wrap_socket(sock, server_hostname=HOST) if self.context else sock


class LoopbackHandler(urllib.request.AbstractHTTPHandler):
    handler_order = 400  # before urllib's own HTTP and HTTPS handlers

    def __init__(self, **connection):
        super().__init__()
        self.connection = connection

    def http_open(self, request):
        return self.do_open(
            lambda host, **kwargs: LoopbackConnection(host, **self.connection, **kwargs), request
        )

    https_open = http_open
    http_request = https_request = urllib.request.AbstractHTTPHandler.do_request_


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with cookies at https://into-eu.example.org; answers are
    (status, text, headers), or (status, bytes, headers) with `raw=True`."""

    def __init__(self, port, *, source=CLIENT, context=None, scheme="https", headers=()):
        self.base = f"{scheme}://{HOST}"
        self.headers = dict(headers)
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            LoopbackHandler(port=port, source=source, context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect,
        )

    @classmethod
    def instance(cls, port):
        """Straight to one gunicorn instance, with the headers nginx would add."""
        return cls(port, headers={"X-Forwarded-Proto": "https", "X-Real-IP": CLIENT})

    def request(self, path, data=None, headers=(), raw=False, method=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # As a browser's form does: Django's CSRF check over HTTPS wants to know the origin.
        origin = {"Origin": self.base} if body is not None else {}
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={**self.headers, **origin, **dict(headers)},
            method=method,
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                status, content, answer_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, content, answer_headers = error.code, error.read(), error.headers
        return status, content if raw else content.decode(), answer_headers

    def get(self, path):
        return self.request(path)[:2]

    def post_form(self, path, fields, headers=()):
        _status, html, _headers = self.request(path, headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields}, headers)[:2]


# --- The two gunicorn instances ----------------------------------------------------------


class Site(NamedTuple):
    env: dict
    ports: list
    media_root: Path
    error_pages: Path  # written by `manage.py write_error_pages`, for nginx


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    name = "into_eu_topology"
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    # Outside pytest's own temporary folders (private to their owner): nginx's workers,
    # which drop root's rights, read the uploads from here.
    media_root = Path(tempfile.mkdtemp(prefix="into-eu-media-"))
    media_root.chmod(0o755)
    error_pages = Path(tempfile.mkdtemp(prefix="into-eu-error-pages-"))
    error_pages.chmod(0o755)
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
        # As in production behind deploy/nginx.conf (README, "Deploying").
        "PRODUCTION": "true",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "MEDIA_ACCEL_REDIRECT": "/_protected_media/",
        "MEDIA_ROOT": str(media_root),
        "AXES_FAILURE_LIMIT": str(FAILURE_LIMIT),
    }
    manage = [sys.executable, "manage.py"]
    logs = tmp_path_factory.mktemp("gunicorn")
    try:
        for command in (
            ["migrate", "--noinput"],
            ["load_content"],
            ["createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org"],
            ["write_error_pages", str(error_pages)],
        ):
            done = subprocess.run(manage + command, cwd=ROOT, env=env, capture_output=True)
            assert done.returncode == 0, f"manage.py {command[0]}:\n{done.stderr.decode()}"
        subprocess.run(
            ["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True
        )
        with ExitStack() as servers:
            ports = [
                servers.enter_context(
                    running_gunicorn(
                        env,
                        ["--workers", "1", "--no-control-socket"],
                        host=HOST,
                        log=logs / f"{instance}.log",
                    )
                ).port
                for instance in ("a", "b")
            ]
            yield Site(env, ports, media_root, error_pages)
    finally:
        shutil.rmtree(media_root, ignore_errors=True)
        shutil.rmtree(error_pages, ignore_errors=True)


# --- nginx with deploy/nginx.conf (tools/nginx_server.py) ---------------------------------


def find_nginx():
    """Debian's nginx and openssl, or a skip with a warning — a failure under CI=true."""
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    openssl = shutil.which("openssl")
    if nginx and openssl:
        return nginx, openssl
    message = (
        "nginx or openssl is missing (Debian's packages nginx and openssl; "
        "scripts/with-services installs them when run as root): "
        "the nginx topology tests are SKIPPED"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message.replace("SKIPPED", "FAILED (CI=true)"))
    warnings.warn(message, stacklevel=1)
    pytest.skip(message)


class Nginx(NamedTuple):
    server: NginxServer
    context: ssl.SSLContext  # trusts the test's certificate, for HTTPS to HOST

    def browser(self, *, source=CLIENT, scheme="https", headers=()):
        port, context = (
            (self.server.https_port, self.context)
            if scheme == "https"
            else (self.server.http_port, None)
        )
        return Browser(port, source=source, context=context, scheme=scheme, headers=headers)

    @property
    def https_port(self):
        return self.server.https_port

    @property
    def http_port(self):
        return self.server.http_port


@contextmanager
def nginx_in_front_of(upstreams, media_root, error_pages):
    folder = Path(tempfile.mkdtemp(prefix="into-eu-nginx-"))
    try:
        with running_nginx(
            *find_nginx(),
            folder,
            host=HOST,
            upstreams=upstreams,
            media_root=media_root,
            error_pages=error_pages,
        ) as server:
            yield Nginx(server, ssl.create_default_context(cafile=str(server.certificate)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def nginx(site):
    with nginx_in_front_of([f"127.0.0.1:{port}" for port in site.ports], *site[2:]) as running:
        yield running


class EchoHandler(BaseHTTPRequestHandler):
    """An upstream that keeps the headers of each request it gets, and answers 200."""

    received = []

    def do_GET(self):
        self.received.append(self.headers)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_before_echo(tmp_path):
    stub = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    try:
        with nginx_in_front_of([f"127.0.0.1:{stub.server_port}"], tmp_path, tmp_path) as running:
            EchoHandler.received.clear()
            yield running, EchoHandler.received
    finally:
        stub.shutdown()
        stub.server_close()


def database(site):
    import psycopg

    return psycopg.connect(site.env["DATABASE_URL"], autocommit=True)


# --- Two instances, one database and one cache --------------------------------------------


def test_a_change_through_one_instance_is_read_through_the_other(site):
    a, b = (Browser.instance(port) for port in site.ports)
    with database(site) as conn:
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

    a, b = (Browser.instance(port) for port in site.ports)  # visitors, served by the cache
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


# --- nginx in front ------------------------------------------------------------------------


def test_nginx_overwrites_the_forwarded_headers_a_client_sends(nginx_before_echo):
    nginx, received = nginx_before_echo
    spoofing = nginx.browser(source=OTHER_CLIENT, headers={**SPOOFED, "X-Forwarded-Proto": "http"})
    assert spoofing.request("/en/")[0] == 200
    (headers,) = received
    assert headers.get_all("X-Forwarded-Proto") == ["https"]
    assert headers.get_all("X-Real-IP") == [OTHER_CLIENT]
    assert headers.get_all("X-Forwarded-For") == [OTHER_CLIENT]
    assert headers.get_all("Host") == [HOST]


def test_https_reaches_django_as_https_and_plain_http_is_redirected_by_nginx(site, nginx):
    visitor = nginx.browser()
    # Django redirects to HTTPS whatever it believes is plain HTTP: this page is not.
    status, _html, headers = visitor.request("/en/about/", headers={"X-Forwarded-Proto": "http"})
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

    for spoofed in ({}, SPOOFED):
        status, _html, headers = nginx.browser(scheme="http", headers=spoofed).request("/en/about/")
        assert status == 301
        assert headers["Location"] == f"https://{HOST}/en/about/"
        assert headers["Server"].startswith("nginx")  # not Django's own redirect


def test_login_over_nginx_sets_secure_cookies_and_records_the_real_client_address(site, nginx):
    staff = nginx.browser(headers=SPOOFED)
    status, _html = staff.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert status == 302
    cookies = {cookie.name: cookie for cookie in staff.cookies}
    assert cookies["sessionid"].secure
    assert cookies["csrftoken"].secure
    with database(site) as conn:
        (address,) = conn.execute(
            "SELECT host(ip_address) FROM axes_accesslog WHERE username = 'boss' "
            "ORDER BY attempt_time DESC LIMIT 1"
        ).fetchone()
    assert address == CLIENT


def test_login_throttling_counts_per_real_client_address(site, nginx):
    guesser = nginx.browser(source=OTHER_CLIENT, headers=SPOOFED)
    wrong = {"username": "boss", "password": "wrong-guess"}
    statuses = [guesser.post_form("/admin/login/", wrong)[0] for _ in range(FAILURE_LIMIT)]
    assert statuses == [200] * (FAILURE_LIMIT - 1) + [429]
    status, _html = guesser.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert status == 429  # locked out, from that address only
    with database(site) as conn:
        rows = conn.execute(
            "SELECT host(ip_address) FROM axes_accessattempt WHERE username = 'boss'"
        ).fetchall()
    assert rows == [(OTHER_CLIENT,)]  # not the spoofed 1.2.3.4, nor nginx's 127.0.0.1

    staff = nginx.browser(source=CLIENT)
    status, _html = staff.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert status == 302


def test_an_unknown_host_gets_no_answer(nginx):
    for port, context in ((nginx.http_port, None), (nginx.https_port, nginx.context)):
        connection = LoopbackConnection(HOST, port=port, context=context)
        connection.request("GET", "/en/", headers={"Host": "attacker.example"})
        with pytest.raises(http.client.RemoteDisconnected):
            connection.getresponse()
        connection.close()
    # Nor is the site's certificate shown to a client asking for another name.
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", nginx.https_port), timeout=10) as sock,
        pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"),
    ):
        tls.wrap_socket(sock, server_hostname="attacker.example")


def test_compressed_pages_vary_on_accept_encoding(nginx):
    status, body, headers = nginx.browser().request(
        "/en/about/", headers={"Accept-Encoding": "gzip"}, raw=True
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(body)
    varies = [
        name.strip().lower() for value in headers.get_all("Vary") or [] for name in value.split(",")
    ]
    assert "accept-encoding" in varies


def test_nginx_answers_oversized_requests_with_djangos_translated_page(nginx):
    request_body_limit = 22 * 1024 * 1024  # client_max_body_size
    connection = LoopbackConnection(HOST, port=nginx.https_port, context=nginx.context)
    # Only the headers: nginx answers before reading a body it would refuse.
    connection.putrequest("POST", "/en/")
    connection.putheader("Content-Length", str(request_body_limit + 1))
    connection.putheader("Accept-Language", "el")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.endheaders()
    response = connection.getresponse()
    html = response.read().decode()
    connection.close()
    assert response.status == 413
    assert '<html lang="el"' in html
    assert "nginx" not in html


MEDIA_SCRIPT = """
import io, json
from django.core.files.base import ContentFile
from PIL import Image
from meetings.models import Document, Photo
from tests.factories import MeetingFactory

pdf = b"%PDF-1.4\\n1 0 obj << >> endobj\\ntrailer << >>\\n%%EOF\\n"
files = {}
for state in ("published", "draft"):
    meeting = MeetingFactory(publication=state)
    jpeg = io.BytesIO()
    Image.new("RGB", (800, 600), (20, 60, 140)).save(jpeg, "JPEG")
    photo = Photo.objects.create(
        meeting=meeting, image=ContentFile(jpeg.getvalue(), name="photo.jpg"),
        alt_text="A blue square", caption="Blue",
    )
    document = Document.objects.create(
        meeting=meeting, kind="agenda", title="Agenda", language="en",
        file=ContentFile(pdf, name="agenda.pdf"),
    )
    files[state] = {"document": document.file.name, "photo": photo.image.name,
                    "rendition": photo.renditions[0]["webp"]}
print(json.dumps(files))
"""


@pytest.fixture(scope="module")
def media(site):
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MEDIA_SCRIPT],
        cwd=ROOT,
        env=site.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(made.stdout.strip().splitlines()[-1])


def test_nginx_serves_the_media_of_published_meetings_with_their_headers(site, nginx, media):
    visitor = nginx.browser()
    document = media["published"]["document"]
    # Django only decides; its answer is empty and names the file for nginx.
    status, body, headers = Browser.instance(site.ports[0]).request(f"/media/{document}", raw=True)
    assert (status, body) == (200, b"")
    assert headers["X-Accel-Redirect"] == f"/_protected_media/{document}"

    status, body, headers = visitor.request(f"/media/{document}", raw=True)
    assert status == 200
    assert body == (site.media_root / document).read_bytes()
    assert "X-Accel-Redirect" not in headers
    assert headers["Content-Type"] == "application/pdf"
    (disposition,) = headers.get_all("Content-Disposition")
    assert disposition.startswith('attachment; filename="')
    assert disposition.endswith('.pdf"')
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert headers.get_all("Content-Security-Policy") == [MEDIA_CSP]
    assert headers["Cache-Control"] == "public, max-age=3600"
    assert "Set-Cookie" not in headers

    for kind, content_type in (("photo", "image/jpeg"), ("rendition", "image/webp")):
        name = media["published"][kind]
        status, body, headers = visitor.request(f"/media/{name}", raw=True)
        assert status == 200
        assert body == (site.media_root / name).read_bytes()
        assert headers["Content-Type"] == content_type
        assert "Content-Disposition" not in headers
        assert headers.get_all("Content-Security-Policy") == [MEDIA_CSP]


def test_a_drafts_media_are_for_its_editors_only(site, nginx, media):
    visitor, staff = nginx.browser(), nginx.browser()
    assert staff.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})[0] == 302
    for name in media["draft"].values():
        assert visitor.request(f"/media/{name}")[0] == 404
        status, body, headers = staff.request(f"/media/{name}", raw=True)
        assert status == 200
        assert body == (site.media_root / name).read_bytes()
        assert headers["Cache-Control"] == "private, no-store"


def test_the_protected_media_locations_are_internal(site, nginx, media):
    for name in media["draft"].values():
        assert nginx.browser().request(f"/_protected_media/{name}")[0] == 404


# --- nginx's edge cache -------------------------------------------------------------------


def stored_by_nginx(nginx):
    """The answers nginx keeps: each file holds the key, the upstream's headers and body."""
    return [path.read_bytes() for path in nginx.server.cache.rglob("*") if path.is_file()]


def test_the_edge_keeps_public_pages_and_never_a_cookie(site, nginx):
    visitor = nginx.browser()
    url = "/es/partners/durres/"
    status, html, headers = visitor.request(url)
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")
    assert "s-maxage=1" in headers["Cache-Control"]
    again = visitor.request(url)
    assert (again[0], again[2]["X-Cache-Status"], again[1]) == (200, "HIT", html)
    # Answers that set cookies go by: choosing a language, the login page.
    visitor.request("/language/", {"language": "el", "next": "/es/"})
    assert {cookie.name for cookie in visitor.cookies} == {"django_language"}
    visitor.request("/admin/login/")
    assert visitor.request("/admin/login/")[2]["X-Cache-Status"] == "MISS"  # never kept
    assert all("Set-Cookie" not in visitor.request(page)[2] for page in ("/el/", url))

    stored = stored_by_nginx(nginx)
    assert any(f"KEY: https{HOST}{url}\n".encode() in entry for entry in stored)
    assert [entry[:300] for entry in stored if b"\nset-cookie:" in entry.lower()] == []
    # Purging everything (README, "Deploying"): the files go, nginx fetches anew.
    for folder in nginx.server.cache.iterdir():
        shutil.rmtree(folder)
    status, _html, headers = visitor.request(url)
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")


def test_editors_are_never_served_a_kept_page_and_never_leave_theirs(site, nginx):
    staff, visitor = nginx.browser(), nginx.browser()
    assert staff.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})[0] == 302
    url = "/it/partners/teruel/"
    status, _html, headers = staff.request(url)
    assert (status, headers["X-Cache-Status"]) == (200, "BYPASS")
    assert headers["Cache-Control"] == "private, no-store"
    # The editor's answer was not kept: the visitor's is fetched, then kept.
    assert visitor.request(url)[2]["X-Cache-Status"] == "MISS"
    assert visitor.request(url)[2]["X-Cache-Status"] == "HIT"
    assert staff.request(url)[2]["X-Cache-Status"] == "BYPASS"


def until(condition, seconds):
    """How long it took `condition()` to hold, polling; fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


def test_a_change_saved_in_the_admin_shows_through_the_edge_within_two_seconds(site, nginx):
    visitor, staff = nginx.browser(), nginx.browser()
    with database(site) as conn:
        pk, slug, title = conn.execute(
            "SELECT id, slug, title_en FROM meetings_meeting WHERE slug LIKE 'international-4%'"
        ).fetchone()
    page, listing = f"/en/meetings/{slug}/", "/en/meetings/"
    for url in (page, listing, page, listing):
        visitor.request(url)
    assert visitor.request(page)[2]["X-Cache-Status"] == "HIT"
    assert title in visitor.get(listing)[1]

    assert staff.post_form("/admin/login/", {"username": "boss", "password": PASSWORD})[0] == 302
    status, _html = staff.post_form(f"/admin/meetings/meeting/{pk}/delete/", {"post": "yes"})
    assert status == 302
    # A withdrawn page is replaced by the 404, never served stale on and on.
    assert until(lambda: visitor.request(page)[0] == 404, seconds=2) < 2
    assert until(lambda: title not in visitor.get(listing)[1], seconds=2) < 2
    for _ in range(3):
        time.sleep(0.6)
        assert visitor.request(page)[0] == 404


@pytest.fixture
def instances_behind_nginx(site):
    """Two more instances of the site, with nginx in front of them only: the test may stop
    them without harming the others. Their pages allow no stale-while-revalidate, so that
    only stale-if-error can let nginx answer once they are stopped."""
    env = {**site.env, "STALE_WHILE_REVALIDATE_SECONDS": "0"}
    with ExitStack() as servers:
        instances = [
            servers.enter_context(
                running_gunicorn(env, ["--workers", "1", "--no-control-socket"], host=HOST)
            )
            for _ in range(2)
        ]
        upstreams = [f"127.0.0.1:{instance.port}" for instance in instances]
        nginx = servers.enter_context(nginx_in_front_of(upstreams, *site[2:]))
        yield nginx, instances


def test_the_edge_serves_stale_pages_only_while_every_instance_is_down(instances_behind_nginx):
    nginx, instances = instances_behind_nginx
    visitor = nginx.browser()
    kept = {url: visitor.get(url) for url in ("/el/", "/el/partners/", "/en/meetings/")}
    assert {status for status, _html in kept.values()} == {200}
    assert visitor.request("/readyz")[0] == 200
    time.sleep(2.2)  # past s-maxage (nginx counts whole seconds): stale now
    # While the instances answer, a stale page is asked again (a 304), not sent as it is.
    assert visitor.request("/el/")[2]["X-Cache-Status"] == "REVALIDATED"
    for instance in instances:
        stop(instance.process)
    time.sleep(2.2)

    for url, page in kept.items():
        status, html, headers = visitor.request(url)
        assert (status, html) == page, url
        assert headers["X-Cache-Status"] == "STALE", url
    # What it does not have: a translated page saying so, and the probe says not ready.
    status, html, headers = visitor.request("/el/about/")
    assert (status, headers["Retry-After"]) == (503, "30")
    assert '<html lang="el"' in html and "Προσωρινά μη διαθέσιμο" in html
    assert "nginx" not in html
    assert visitor.request("/readyz")[0] == 503
