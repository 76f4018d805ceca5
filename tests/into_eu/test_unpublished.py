"""Drafts and scheduled items stay out of every feed, calendar and the sitemap until their time."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import AnnouncementFactory, MeetingFactory
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.django_db

FEEDS = [
    "announcements/feed/rss/",
    "announcements/feed/atom/",
    "meetings/feed/rss/",
    "meetings/feed/atom/",
    "meetings/calendar.ics",
]


@pytest.fixture
def hidden():
    """A draft and a scheduled meeting and announcement, each with a date and a title."""
    tomorrow = timezone.now() + dt.timedelta(days=1)
    items = {}
    for state, fields in [
        ("draft", {"publication": "draft"}),
        ("scheduled", {"published_at": tomorrow}),
    ]:
        meeting = MeetingFactory(
            slug=f"{state}-meeting",
            title_en=f"Secret {state} meeting",
            title_sq=f"Takim {state} i fshehtë",
            start_date=dt.date(2030, 5, 1),
            start_time=dt.time(10),
            **fields,
        )
        announcement = AnnouncementFactory(
            slug=f"{state}-announcement",
            title_en=f"Secret {state} announcement",
            title_sq=f"Njoftim {state} i fshehtë",
            meeting=meeting,
            **fields,
        )
        items[state] = (meeting, announcement)
    return items


def leaks(text, items):
    found = []
    for meeting, announcement in items:
        for needle in [
            meeting.slug,
            announcement.slug,
            f"meeting-{meeting.pk}@into-eu",
            meeting.title_en,
            meeting.title_sq,
            announcement.title_en,
            announcement.title_sq,
        ]:
            if needle in text:
                found.append(needle)
    return found


def everything(client):
    """Every feed and calendar in every language, and the sitemap, as one text."""
    texts = []
    for language in LANGUAGES:
        for path in FEEDS:
            response = client.get(f"/{language}/{path}")
            assert response.status_code == 200, path
            texts.append(response.content.decode().replace("\r\n ", ""))  # unfold iCalendar
    texts.append(client.get("/sitemap.xml").content.decode())
    return "\n".join(texts)


def test_drafts_and_scheduled_items_never_leak(client, hidden):
    items = list(hidden.values())
    assert leaks(everything(client), items) == []
    for meeting, announcement in items:
        for language in LANGUAGES:
            for url in [
                f"/{language}/meetings/{meeting.slug}/calendar.ics",
                f"/{language}/meetings/{meeting.slug}/",
                f"/{language}/announcements/{announcement.slug}/",
            ]:
                assert client.get(url).status_code == 404, url


def test_scheduled_items_appear_when_their_time_comes_and_drafts_never(client, hidden):
    meeting, announcement = hidden["scheduled"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        text = everything(client)
        assert f"/en/meetings/{meeting.slug}/" in text
        assert f"/en/announcements/{announcement.slug}/" in text
        assert f"meeting-{meeting.pk}@into-eu" in text
        assert leaks(text, [hidden["draft"]]) == []
        assert client.get(f"/en/meetings/{meeting.slug}/calendar.ics").status_code == 200
