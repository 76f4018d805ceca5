"""Faults and hostile input end in a clean, translated answer: never a 500, never a trace."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connections
from django.test import Client
from django.utils import translation

from into_eu.web.pagecache import STATE_KEY
from tests.helpers import LANGUAGES, Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # see the error page, as a browser would
    return client


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does when the database server has stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    class Switch:
        def stop(self):
            monkeypatch.setattr(type(connections["default"]), "_cursor", refuse)

        def start(self):
            monkeypatch.undo()

    return Switch()


def text_in(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def assert_clean_error(response, status, language, heading):
    assert response.status_code == status
    html = response.content.decode()
    page = Page(html)
    assert page.find_all("html")[0]["lang"] == language
    assert text_in(language, heading) in page.all_text
    for leak in ("Traceback", "SECRET_KEY", "DATABASES", 'File "', "OperationalError"):
        assert leak not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_is_translated(visitor, language):
    response = visitor.get(f"/{language}/meetings/no-such-meeting/")
    assert_clean_error(response, 404, language, "Page not found")


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_is_translated_and_shows_no_trace(visitor, monkeypatch, language):
    from meetings.views import MeetingListView

    def broken(self, **kwargs):
        raise ValueError("secret internals")

    monkeypatch.setattr(MeetingListView, "get_context_data", broken)
    response = visitor.get(f"/{language}/meetings/")
    assert_clean_error(response, 500, language, "Something went wrong")
    assert "secret internals" not in response.content.decode()


def test_bad_host_is_a_translated_400(visitor):
    response = visitor.get("/el/", HTTP_HOST="evil.example.com")
    assert_clean_error(response, 400, "el", "Bad request")


def test_forged_form_is_a_translated_403():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="it")
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert_clean_error(response, 403, "it", "Access denied")


@pytest.mark.parametrize("language", ["sq", "el"])
def test_database_down_stored_pages_stay_and_others_answer_503(visitor, database_down, language):
    meetings, news = f"/{language}/meetings/", f"/{language}/announcements/"
    stored = visitor.get(meetings)
    assert stored.status_code == 200

    database_down.stop()
    assert visitor.get(meetings).content == stored.content
    response = visitor.get(news)
    assert_clean_error(response, 503, language, "Temporarily unavailable")
    assert response["Retry-After"] == "30"
    # Even once the stored pages' token is gone, they beat an error page.
    cache.delete(STATE_KEY)
    assert visitor.get(meetings).content == stored.content

    database_down.start()
    assert visitor.get(news).status_code == 200


BAD_URLS = [
    "/xx/",
    "/xx/meetings/",
    "/EN/",
    "/en/meetings/Not a slug!/",
    "/en/meetings/%00/",
    "/en/meetings/" + "a" * 3000 + "/",
    "/en/%ff/",
    "/%ff%fe/",
    "/en/announcements/%C0%AF/",
    "/en/announcements/?page=-1",
    "/en/announcements/?page=0",
    "/en/announcements/?page=999999",
    "/en/announcements/?page=abc",
    "/en/announcements/?page=%ff",
    "/en/announcements/?page=1e3",
    "/en/announcements/?page=" + "9" * 10_000,
    "/en/?q=" + "x" * 10_240,
    "/en/?" + "&".join(f"k{n}=v" for n in range(2000)),
    "/en/partners/../../etc/passwd",
    "/static/../into_eu/settings.py",
    "/media/../into_eu/settings.py",
]


@pytest.mark.parametrize("url", BAD_URLS, ids=range(len(BAD_URLS)))
def test_bad_input_never_gives_a_server_error(visitor, url):
    response = visitor.get(url)
    assert response.status_code < 500, url
    assert b"Traceback" not in response.content


def test_accept_language_floods_get_a_normal_answer(visitor):
    variants = ["", "*", "el", "xx", "de-CH, fr;q=0.9", "el;q=abc", ";;;,,,", "a" * 2000]
    variants += [f"x-{n};q=0.{n % 10}, en;q=0.1" for n in range(200)]
    for value in variants:
        response = visitor.get("/", HTTP_ACCEPT_LANGUAGE=value)
        assert response.status_code == 302, value
        assert visitor.get(response["Location"]).status_code == 200, value


def test_health_probes(visitor, database_down):
    assert visitor.get("/healthz").json() == {"status": "ok"}
    ready = visitor.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in ready["Cache-Control"]
    database_down.stop()
    assert visitor.get("/healthz").status_code == 200
    ready = visitor.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "unreachable", "cache": "ok"}


def test_probes_answer_over_plain_http_in_production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 301
    response = client.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
