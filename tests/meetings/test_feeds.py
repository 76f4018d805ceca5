import datetime as dt
import zoneinfo

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.text import translated
from meetings.models import Announcement, Meeting
from tests.factories import AnnouncementFactory, MeetingFactory
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.django_db

TIRANE = zoneinfo.ZoneInfo("Europe/Tirane")
DURRES = "durres-local-meeting-2016-07-28"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_announcement_feeds_parse_with_entries_in_their_language(client, language, kind):
    response, feed = parse(client, f"/{language}/announcements/feed/{kind}/")
    assert response["Content-Type"].startswith(f"application/{kind}+xml")
    assert feed.version == {"rss": "rss20", "atom": "atom10"}[kind]
    assert feed.feed.language == language
    durres = Announcement.objects.get(slug=DURRES)
    with translation.override(language):
        assert feed.feed.title == translation.gettext("IN.TO.EU announcements")
        title = translated(durres, "title").text
        summary = translated(durres, "summary").text
        author = translated(durres.partner, "name").text
    assert [entry.title for entry in feed.entries] == [title]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver/{language}/announcements/{DURRES}/"
    assert entry.summary == summary
    assert entry.author == author
    # The day it was published in Durrës, written with Durrës's offset.
    published = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
    assert published == dt.datetime(2016, 7, 25, tzinfo=TIRANE)
    assert "25 Jul 2016" in entry.published or entry.published.startswith("2016-07-25")


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_meeting_feeds_list_every_published_meeting_in_the_language(client, language, kind):
    _response, feed = parse(client, f"/{language}/meetings/feed/{kind}/")
    meetings = Meeting.objects.published()
    with translation.override(language):
        titles = {translated(meeting, "title").text for meeting in meetings}
        not_recorded = translation.gettext("Date not recorded")
    assert {entry.title for entry in feed.entries} == titles
    assert len(feed.entries) == meetings.count() == 6
    by_link = {entry.link: entry for entry in feed.entries}
    durres = by_link[f"http://testserver/{language}/meetings/local-durres-2016-07-28/"]
    assert 'datetime="2016-07-28T10:00:00+02:00"' in durres.summary
    assert "Aragosta" in durres.summary
    teruel = by_link[f"http://testserver/{language}/meetings/international-4-teruel/"]
    assert '<time datetime="2017">2017</time>' in teruel.summary  # the year alone is known
    durres_international = by_link[f"http://testserver/{language}/meetings/international-2-durres/"]
    assert not_recorded in durres_international.summary  # held, on a day nobody recorded


def test_greek_feed_is_in_greek(client):
    _response, feed = parse(client, "/el/announcements/feed/atom/")
    assert feed.entries[0].title.startswith("Τοπική δημόσια συνάντηση στο Δυρράχιο")
    assert feed.feed.subtitle.startswith("Ανακοινώσεις")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_announces_the_feeds(client, language):
    response = client.get(f"/{language}/partners/")
    html = response.content.decode()
    for path in ["announcements/feed/rss/", "announcements/feed/atom/", "meetings/feed/rss/"]:
        assert f'href="/{language}/{path}"' in html
    assert html.count('rel="alternate" type="application/rss+xml"') == 2
    assert html.count('rel="alternate" type="application/atom+xml"') == 2


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/en/announcements/feed/rss/", "/en/meetings/feed/atom/", "/en/meetings/calendar.ics"]
)
def test_feeds_and_calendar_queries_do_not_grow_with_items(client, url):
    before = count_queries(client, url)
    for _ in range(10):
        meeting = MeetingFactory()
        AnnouncementFactory(meeting=meeting)
    assert count_queries(client, url) == before
