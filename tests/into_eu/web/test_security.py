import re
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from core.throttle import client_address as client_ip
from tests.helpers import LANGUAGES, ROOT, production_env, public_urls

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def assert_security_headers(response, url, page=True):
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'", url
    assert directives["script-src"] == "'self'", url
    assert directives["style-src"] == "'self'", url
    assert directives["frame-ancestors"] == "'none'", url
    assert "unsafe" not in csp and "http" not in csp, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    if page:  # CSP's frame-ancestors covers static files; old browsers need the header
        assert response["X-Frame-Options"] == "DENY", url
    assert "camera=()" in response["Permissions-Policy"], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_sends_security_headers_and_needs_no_inline_code(client, language):
    for url in public_urls(language):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url


def test_error_pages_and_static_files_send_the_same_headers(client):
    assert_security_headers(client.get("/en/no-such-page/"), "404")
    assert_security_headers(client.get("/static/css/site.css"), "static", page=False)


def test_admin_pages_hold_under_the_same_policy(staff_client):
    """The admin runs under the strict policy too: none of its pages needs inline code."""
    from meetings.models import Meeting

    meeting = Meeting.objects.first()
    for url in [
        "/admin/",
        "/admin/meetings/meeting/",
        "/admin/meetings/meeting/add/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        f"/admin/meetings/meeting/{meeting.pk}/delete/",
        "/admin/partners/partner/add/",
        "/admin/into_eu/page/add/",
        "/admin/auth/user/add/",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert "googleapis" not in html, url


def test_admin_login_locks_out_after_five_failures(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-Pass-phrase")
    login = "/admin/login/?next=/admin/"
    for _ in range(4):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post(login, {"username": "editor", "password": "wrong"}).status_code == 429
    # Locked: even the right password is refused now, from this address.
    right = {"username": "editor", "password": "a-long-Pass-phrase"}
    assert client.post(login, right).status_code == 429
    # Another address is not locked out for this user.
    response = client.post(login, right, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_staff_passwords_follow_the_validators(django_user_model):
    user = django_user_model(username="maria", email="maria@example.org")
    for weak in ["password123", "short-1", "12345678901234", "maria-example"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("tramonto sul Basento 1957", user)


def test_oversized_requests_are_refused_before_reading(client):
    response = client.generic("POST", "/admin/login/", b"x", CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413


def run_django(code, **env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_admin_address_comes_from_the_environment():
    result = run_django(
        "from django.urls import reverse; print(reverse('admin:index'))", ADMIN_URL="backstage-7"
    )
    assert result.stdout.strip() == "/backstage-7/", result.stderr


def test_client_address_from_the_proxy_header_or_the_connection(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.9"
    for direct in ("REMOTE_ADDR", ""):
        settings.CLIENT_IP_HEADER = direct
        assert client_ip(request) == "127.0.0.1"


def test_answers_made_outside_the_views_forbid_framing_too(client):
    redirect = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert redirect.status_code == 302
    assert redirect["Location"] == "/en/"
    assert redirect["X-Frame-Options"] == "DENY"
    assert client.get("/static/css/site.css")["X-Frame-Options"] == "DENY"
    refused = client.generic("POST", "/en/", b"x", CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert refused["X-Frame-Options"] == "DENY"
