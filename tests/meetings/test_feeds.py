import datetime as dt
import email.utils
import re
import zoneinfo

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.text import translated
from meetings.models import Announcement, Meeting
from tests.factories import AnnouncementFactory, MeetingFactory
from tests.helpers import LANGUAGES

LANGUAGE_NAMES = settings.LANGUAGES

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
        # The project and the language, as a reader's list of feeds shows them.
        name = dict(LANGUAGE_NAMES)[language]
        assert feed.feed.title == f"{translation.gettext('IN.TO.EU announcements')} · {name}"
        tagline = translation.gettext(
            "INclusive TOwns in action for a shared EUropean strategy of inclusion"
        )
        assert (feed.feed.subtitle if kind == "atom" else feed.feed.description).startswith(
            f"IN.TO.EU – {tagline}. "
        )
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
    assert feed.feed.title == "Ανακοινώσεις του IN.TO.EU · Ελληνικά"
    assert "Ανακοινώσεις" in feed.feed.subtitle


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


def day_in_feed(text):
    """The day a feed's date names, in the zone it is written in (the site's)."""
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return email.utils.parsedate_to_datetime(text).date()


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_loaded_content_is_dated_by_its_real_publication_never_the_loading_day(
    client, language, kind
):
    """The test database was loaded today (tests/conftest.py): no entry of the shipped
    meetings and announcement may say so, and meetings come newest first by those dates."""
    today = timezone.localdate()
    fields = ("published", "updated") if kind == "atom" else ("published",)  # RSS: pubDate
    for feed in ("meetings", "announcements"):
        _response, parsed = parse(client, f"/{language}/{feed}/feed/{kind}/")
        dates = [day_in_feed(entry[field]) for entry in parsed.entries for field in fields]
        assert dates and today not in dates, feed
    _response, meetings = parse(client, f"/{language}/meetings/feed/{kind}/")
    days = {
        entry.link.rstrip("/").rsplit("/", 1)[1]: day_in_feed(entry.published)
        for entry in meetings.entries
    }
    assert list(days.values()) == sorted(days.values(), reverse=True)
    # The local meeting is dated by its announcement, a meeting known by its year by that
    # year's first day, one with no date by the project's start.
    assert days["local-durres-2016-07-28"] == dt.date(2016, 7, 25)
    assert days["international-1-palazzo-san-gervasio"] == dt.date(2016, 4, 21)
    assert days["international-3-ancient-olympia"] == dt.date(2017, 1, 1)
    assert days["international-2-durres"] == dt.date(2016, 2, 1)


def test_the_sitemap_dates_loaded_meetings_and_announcements_by_their_real_days(client):
    today = timezone.localdate().isoformat()
    sitemap = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", sitemap)
    dated = [
        (loc, lastmod)
        for loc, lastmod in entries
        if "/meetings/" in loc or "/announcements/" in loc
    ]
    assert dated
    assert [loc for loc, day in dated if day.startswith(today)] == []
