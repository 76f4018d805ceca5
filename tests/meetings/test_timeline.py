"""The project's timeline on the meetings page: every published meeting once, in time
order, each a link with its date as known, kind, town and status; undated ones last."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["sq", "it", "es", "el", "en"]


def timeline_of(client, language):
    with translation.override(language):
        html = client.get(reverse("meetings:list")).content.decode()
    section = re.search(r'<section class="timeline".*?</section>', html, re.S).group()
    return section, re.findall(r'<li class="timeline-item[^"]*">(.*?)</li>', section, re.S)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_timeline_lists_every_published_meeting_in_time_order(client, language):
    section, items = timeline_of(client, language)
    meetings = list(Meeting.objects.published().dated().order_by("starts_at", "kind", "number"))
    meetings += list(Meeting.objects.published().undated())
    assert len(items) == len(meetings) > 1
    for item, meeting in zip(items, meetings, strict=True):
        with translation.override(language):
            assert f'href="{meeting.get_absolute_url()}"' in item
            assert meeting.get_status_display() in item
    with translation.override(language):
        heading = translation.gettext("Timeline of the project")
    assert heading in section and (language == "en" or heading != "Timeline of the project")
    period = section.split("<ol")[0]
    assert re.search("Durr|Durazz|Δυρρ", period)  # attributed to Durrës's account


def test_drafts_stay_off_the_timeline_and_an_undated_meeting_comes_last(client):
    MeetingFactory(slug="still-a-draft", publication="draft", title_en="Draft meeting")
    MeetingFactory(slug="no-date-yet", start_date=None, title_en="Undated meeting")
    _section, items = timeline_of(client, "en")
    assert not any("Draft meeting" in item for item in items)
    assert "Undated meeting" in items[-1] and "Date to be announced" in items[-1]
