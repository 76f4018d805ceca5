import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from meetings.models import Announcement
from tests.helpers import LANGUAGES, public_urls

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # raises on anything that is not well-formed XML
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in entries, loc
        entries[loc] = {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
                if link.get("rel") == "alternate"
            },
        }
    return entries


def test_sitemap_lists_every_public_page_in_five_languages_with_alternates(client):
    entries = read_sitemap(client)
    expected = {f"http://testserver{url}" for code in LANGUAGES for url in public_urls(code)}
    assert set(entries) == expected
    assert len(entries) == 20 * 5
    for loc, entry in entries.items():
        alternates = entry["alternates"]
        assert set(alternates) == {*LANGUAGES, "x-default"}, loc
        assert loc in alternates.values()
        # The same x-default as the pages' own hreflang links: the negotiating root.
        assert alternates["x-default"] == "http://testserver/"
        language = loc.split("/")[3]
        for code in LANGUAGES:
            assert alternates[code] == loc.replace(f"/{language}/", f"/{code}/", 1)


def test_every_url_in_the_sitemap_answers_200(client):
    entries = read_sitemap(client)
    urls = set(entries)
    for entry in entries.values():
        urls |= {href for code, href in entry["alternates"].items() if code != "x-default"}
    assert len(urls) == 100
    for url in sorted(urls):
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
    # x-default is the root, which sends each visitor to a language's home page.
    client.cookies.clear()  # forget the language of the pages just read
    root = client.get("/", HTTP_ACCEPT_LANGUAGE="el")
    assert (root.status_code, root["Location"]) == (302, "/el/")


def test_lastmod_follows_the_content(client):
    entries = read_sitemap(client)
    durres = Announcement.objects.get(slug="durres-local-meeting-2016-07-28")
    loc = "http://testserver/es/announcements/durres-local-meeting-2016-07-28/"
    # The sitemap writes days in the site's time zone, not in UTC.
    assert entries[loc]["lastmod"] == timezone.localdate(durres.updated_at).isoformat()
    Announcement.objects.filter(pk=durres.pk).update(
        updated_at=dt.datetime(2031, 3, 4, 12, tzinfo=dt.UTC)
    )
    entries = read_sitemap(client)
    assert entries[loc]["lastmod"] == "2031-03-04"
    # The press page changes with the announcements it lists.
    assert entries["http://testserver/es/announcements/"]["lastmod"] == "2031-03-04"
    for loc, entry in entries.items():
        assert dt.date.fromisoformat(entry["lastmod"]), loc


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not [
        line for line in lines if line.startswith("Disallow:") and line != "Disallow: /admin/"
    ]
