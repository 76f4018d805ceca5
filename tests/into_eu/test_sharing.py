"""Structured data (JSON-LD), share cards and the default share images."""

import io
import json
import os
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image

from core.text import translated
from meetings.models import Announcement, Meeting
from tests.factories import MeetingFactory
from tests.helpers import LANGUAGES, Page, public_urls

pytestmark = pytest.mark.django_db

OG_LOCALES = {"sq": "sq_AL", "it": "it_IT", "es": "es_ES", "el": "el_GR", "en": "en_GB"}


class JsonLd(HTMLParser):
    """The JSON-LD blocks of a page, parsed."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.blocks = []
        self._inside = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data

    def of_type(self, kind):
        return [data for data in map(json.loads, self.blocks) if data["@type"] == kind]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_meeting_page_has_an_event_matching_its_date(client, language):
    dated = 0
    for meeting in Meeting.objects.published():
        url = f"/{language}/meetings/{meeting.slug}/"
        html = get(client, url)
        events = JsonLd(html).of_type("Event")
        if not meeting.day_is_known:
            # No day, no Event: a made-up day (1 January for "2017") would be worse.
            assert events == [], url
            continue
        dated += 1
        [event] = events
        times = [tag["datetime"] for tag in Page(html).find_all("time")]
        assert event["startDate"] == times[0], url
        if meeting.is_multi_day:
            assert event["endDate"] == times[1], url
        with translation.override(language):
            assert event["name"] == translated(meeting, "title").text
        assert event["inLanguage"] == language
        assert event["url"] == f"http://testserver{url}"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert event["location"]["@type"] == "Place"
        assert event["location"]["address"]["@type"] == "PostalAddress"
        assert (
            event["organizer"]["url"]
            == f"http://testserver/{language}/partners/{meeting.host.slug}/"
        )
    assert dated == 3


def test_durres_event_has_offset_venue_and_address(client):
    [event] = JsonLd(get(client, "/en/meetings/local-durres-2016-07-28/")).of_type("Event")
    assert event["startDate"] == "2016-07-28T10:00:00+02:00"
    assert "endDate" not in event
    assert event["location"]["name"] == "Hotel Bar Restorant “Aragosta”"
    assert event["location"]["address"]["streetAddress"].startswith("Lagjia 1, Rruga “Taulantia”")
    assert event["location"]["address"]["addressLocality"] == "Durrës"
    assert event["organizer"]["name"] == "Municipality of Durrës"
    [event] = JsonLd(get(client, "/en/meetings/international-1-palazzo-san-gervasio/")).of_type(
        "Event"
    )
    assert (event["startDate"], event["endDate"]) == ("2016-04-21", "2016-04-22")


def test_event_geo_and_status(client):
    MeetingFactory(
        slug="geo", latitude="41.324600", longitude="19.456500", status=Meeting.Status.CANCELLED
    )
    [event] = JsonLd(get(client, "/en/meetings/geo/")).of_type("Event")
    assert event["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 41.3246,
        "longitude": 19.4565,
    }
    assert event["eventStatus"] == "https://schema.org/EventCancelled"


def test_json_ld_cannot_be_broken_out_of(client):
    title = '</script><script>alert("x")</script><!-- & -->'
    MeetingFactory(slug="hostile", title_en=title)
    html = get(client, "/en/meetings/hostile/")
    assert "<script>alert" not in html
    [event] = JsonLd(html).of_type("Event")
    assert event["name"] == title


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_announcement_page_has_a_news_article(client, language):
    announcements = Announcement.objects.published()
    assert announcements.count() == 1
    for announcement in announcements:
        url = f"/{language}/announcements/{announcement.slug}/"
        [article] = JsonLd(get(client, url)).of_type("NewsArticle")
        with translation.override(language):
            assert article["headline"] == translated(announcement, "title").text
            assert article["author"]["name"] == translated(announcement.partner, "name").text
        assert article["datePublished"] == "2016-07-25T00:00:00+02:00"
        assert article["inLanguage"] == language
        assert article["mainEntityOfPage"] == f"http://testserver{url}"
        assert article["publisher"]["name"] == "IN.TO.EU"
        assert article["about"]["url"] == (
            f"http://testserver/{language}/meetings/local-durres-2016-07-28/"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_describes_the_project_and_its_partners(client, language):
    [organization] = JsonLd(get(client, f"/{language}/")).of_type("Organization")
    assert organization["name"] == "IN.TO.EU"
    assert organization["url"] == f"http://testserver/{language}/"
    assert len(organization["member"]) == 4
    assert organization["member"][0]["url"] == (
        f"http://testserver/{language}/partners/palazzo-san-gervasio/"
    )
    with translation.override(language):
        assert organization["alternateName"] == translation.gettext(
            "INclusive TOwns in action for a shared EUropean strategy of inclusion"
        )


def metas(page):
    tags = {}
    for tag, attrs in page.tags:
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            tags.setdefault(attrs.get("property") or attrs["name"], []).append(attrs["content"])
    return tags


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_share_tags_and_a_canonical_link(client, language):
    for url in public_urls(language):
        page = Page(get(client, url))
        tags = metas(page)
        canonical = [link["href"] for link in page.find_all("link", rel="canonical")]
        assert canonical == [f"http://testserver{url}"], url
        assert tags["og:url"] == canonical, url
        assert tags["og:locale"] == [OG_LOCALES[language]]
        assert sorted(tags["og:locale:alternate"]) == sorted(
            code for lang, code in OG_LOCALES.items() if lang != language
        )
        assert tags["og:title"][0] and tags["og:description"][0], url
        assert tags["og:title"] == tags["twitter:title"], url
        assert tags["og:title"][0] in page.all_text, url  # the title readers see
        assert tags["twitter:card"] == ["summary_large_image"]
        [image] = tags["og:image"]
        assert image.startswith(f"http://testserver/static/img/share/{language}.")
        assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
        assert tags["og:image:alt"][0]
        assert len(tags["description"]) == 1


def test_announcement_card_is_an_article_with_dates(client):
    tags = metas(Page(get(client, "/en/announcements/durres-local-meeting-2016-07-28/")))
    assert tags["og:type"] == ["article"]
    assert tags["article:published_time"] == ["2016-07-25T00:00:00+02:00"]
    assert tags["og:title"] == [
        "Public meeting in Durrës on 28 July 2016 on the first reception of migrants"
    ]
    assert tags["og:description"][0].startswith("On 25 July 2016 the Municipality of Durrës")
    assert metas(Page(get(client, "/en/partners/")))["og:type"] == ["website"]


def test_share_texts_borrowed_from_another_language_are_escaped_once(client):
    # No Greek title or summary: the page shows the English ones, marked with lang.
    MeetingFactory(
        slug="borrowed", title_en="Towns' meeting & <debate>", summary_en="Citizens' questions"
    )
    html = get(client, "/el/meetings/borrowed/")
    assert "&amp;amp;" not in html and "&amp;#" not in html and "&amp;lt;" not in html
    tags = metas(Page(html))
    assert tags["og:title"] == tags["twitter:title"] == ["Towns' meeting & <debate>"]
    assert tags["og:description"] == ["Citizens' questions"]


def test_page_not_found_has_no_canonical_link(client):
    response = client.get("/en/meetings/no-such-meeting/")
    assert response.status_code == 404
    page = Page(response.content.decode())
    assert page.find_all("link", rel="canonical") == []
    # Error pages are rendered without trusting the host, so they carry no share card.
    assert "og:url" not in metas(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_share_images_are_1200_by_630(language):
    path = finders.find(f"img/share/{language}.png")
    assert path, language
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_share_image_command_draws_one_image_per_language(tmp_path):
    try:
        call_command("make_share_images", dir=tmp_path, stdout=io.StringIO())
    except CommandError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(str(error))
    drawn = sorted(path.name for path in tmp_path.iterdir())
    assert drawn == sorted(f"{code}.png" for code, _name in settings.LANGUAGES)
    for path in tmp_path.iterdir():
        with Image.open(path) as image:
            assert image.size == (1200, 630)
            # The emblem's reflex blue is drawn, not just a blank canvas.
            assert (0, 51, 153) in {colour for _count, colour in image.getcolors(1_000_000)}
