"""Static files: hashed, compressed, cached for ever; pages stay light."""

import re

import pytest
from django.conf import settings

from tests.helpers import LANGUAGES, Page, public_urls

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 60 * 1024  # HTML + CSS + JS, uncompressed, images excluded
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.(css|js|svg)$")


def assets(page):
    links = [a["href"] for a in page.find_all("link") if a.get("rel") in {"stylesheet", "icon"}]
    scripts = [a["src"] for a in page.find_all("script") if a.get("src")]
    return links, scripts


def static_path(url):
    return settings.STATIC_ROOT / url.removeprefix(settings.STATIC_URL)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_weighs_at_most_60_kb_with_its_css_and_js(client, language):
    for url in public_urls(language):
        response = client.get(url)
        page = Page(response.content.decode())
        links, scripts = assets(page)
        assert links and all(HASHED.match(href) for href in links + scripts), url
        code = [href for href in links if href.endswith(".css")] + scripts
        weight = len(response.content) + sum(static_path(u).stat().st_size for u in code)
        assert weight <= PAGE_BUDGET, (url, weight)


def test_pages_make_no_third_party_request(client):
    for url in public_urls("en"):
        page = Page(client.get(url).content.decode())
        sources = [a.get("src", "") for a in page.find_all("img")]
        # JSON-LD blocks are data, not fetched; every other script must come from here.
        sources += [
            a.get("src", "")
            for a in page.find_all("script")
            if a.get("type") != "application/ld+json"
        ]
        sources += [a["href"] for a in page.find_all("link") if a.get("rel") != "alternate"]
        # Relative, or absolute on this very site (the canonical link).
        own = ("/", "http://testserver/")
        assert all(source.startswith(own) for source in sources), (url, sources)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_static_files_are_compressed_and_cached_for_ever(client, encoding):
    links, _scripts = assets(Page(client.get("/en/").content.decode()))
    stylesheet = next(href for href in links if href.endswith(".css"))
    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING=encoding)
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    raw = b"".join(response.streaming_content)
    assert len(raw) < static_path(stylesheet).stat().st_size
