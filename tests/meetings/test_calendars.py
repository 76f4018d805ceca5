import datetime as dt
import re
import zoneinfo

import icalendar
import pytest

from meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.django_db

TIRANE = zoneinfo.ZoneInfo("Europe/Tirane")
DURRES = "local-durres-2016-07-28"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return calendar.walk("VEVENT")


@pytest.mark.parametrize("language", LANGUAGES)
def test_durres_meeting_is_one_event_at_ten_in_tirane(client, language):
    calendar = fetch(client, f"/{language}/meetings/{DURRES}/calendar.ics")
    [event] = events(calendar)
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Tirane"
    assert start == dt.datetime(2016, 7, 28, 10, 0, tzinfo=TIRANE)
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(dt.UTC) == dt.datetime(2016, 7, 28, 8, 0, tzinfo=dt.UTC)
    # The zone travels with the file, for clients without a zone database.
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Tirane"]
    assert "DTEND" not in event  # no end hour is known, so none is invented
    # Each language quotes the venue's name its own way: “Aragosta”, «Aragosta».
    assert re.search(r"Hotel Bar Restorant .Aragosta.", str(event["LOCATION"]))
    assert "Taulantia" in str(event["LOCATION"])
    meeting = Meeting.objects.get(slug=DURRES)
    assert str(event["UID"]) == f"meeting-{meeting.pk}@into-eu"
    assert str(event["URL"]) == f"http://testserver/{language}/meetings/{DURRES}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SUMMARY"].params["LANGUAGE"] == language
    assert event.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]


def test_meeting_calendar_is_a_download_and_the_full_calendar_is_inline(client):
    one = client.get(f"/en/meetings/{DURRES}/calendar.ics")
    assert one["Content-Disposition"] == f'attachment; filename="{DURRES}.ics"'
    every = client.get("/en/meetings/calendar.ics")
    assert every["Content-Disposition"].startswith("inline;")


@pytest.mark.parametrize("language", LANGUAGES)
def test_full_calendar_holds_every_meeting_of_a_known_day_and_no_other(client, language):
    calendar = fetch(client, f"/{language}/meetings/calendar.ics")
    uids = [str(event["UID"]) for event in events(calendar)]
    on_days = Meeting.objects.published().on_known_days()
    # Undated, or known by the year only (meetings 3 and 4, in 2017).
    others = Meeting.objects.published().exclude(pk__in=on_days)
    assert sorted(uids) == sorted(
        f"meeting-{pk}@into-eu" for pk in on_days.values_list("pk", flat=True)
    )
    assert len(uids) == 3
    assert others.count() == 3
    assert Meeting.objects.published().filter(date_precision="year").count() == 2
    assert not {f"meeting-{pk}@into-eu" for pk in others.values_list("pk", flat=True)} & set(uids)
    assert str(calendar["X-WR-CALNAME"])
    assert calendar["NAME"].params["LANGUAGE"] == language


def test_days_without_hours_are_all_day_events_ending_the_next_day(client):
    calendar = fetch(client, "/it/meetings/calendar.ics")
    by_url = {str(event["URL"]): event for event in events(calendar)}
    first = by_url["http://testserver/it/meetings/international-1-palazzo-san-gervasio/"]
    assert first.decoded("DTSTART") == dt.date(2016, 4, 21)
    assert first["DTSTART"].params["VALUE"] == "DATE"
    assert first.decoded("DTEND") == dt.date(2016, 4, 23)  # exclusive: through 22 April
    final = by_url["http://testserver/it/meetings/international-5-palazzo-san-gervasio/"]
    assert (final.decoded("DTSTART"), final.decoded("DTEND")) == (
        dt.date(2017, 11, 15),
        dt.date(2017, 11, 18),
    )
    assert str(first["SUMMARY"]).startswith("Primo incontro internazionale")


def test_undated_meeting_has_no_calendar_file(client):
    assert client.get("/en/meetings/international-4-teruel/calendar.ics").status_code == 404


def test_timed_meeting_with_end_and_coordinates(client):
    MeetingFactory(
        slug="timed",
        timezone="Europe/Athens",
        start_date=dt.date(2030, 5, 10),
        start_time=dt.time(9, 30),
        end_date=dt.date(2030, 5, 10),
        end_time=dt.time(13),
        latitude="37.644700",
        longitude="21.629600",
        status=Meeting.Status.CANCELLED,
    )
    [event] = events(fetch(client, "/el/meetings/timed/calendar.ics"))
    athens = zoneinfo.ZoneInfo("Europe/Athens")
    assert event.decoded("DTSTART") == dt.datetime(2030, 5, 10, 9, 30, tzinfo=athens)
    assert event.decoded("DTEND") == dt.datetime(2030, 5, 10, 13, tzinfo=athens)
    assert event["DTEND"].params["TZID"] == "Europe/Athens"
    assert event.decoded("GEO") == (37.6447, 21.6296)
    assert str(event["STATUS"]) == "CANCELLED"


def test_several_days_with_a_start_hour_but_no_end_hour_span_whole_days(client):
    MeetingFactory(
        slug="span",
        start_date=dt.date(2030, 6, 1),
        start_time=dt.time(9),
        end_date=dt.date(2030, 6, 3),
    )
    [event] = events(fetch(client, "/en/meetings/span/calendar.ics"))
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        dt.date(2030, 6, 1),
        dt.date(2030, 6, 4),
    )


def sequence(client, slug):
    [event] = events(fetch(client, f"/en/meetings/{slug}/calendar.ics"))
    return event.decoded("SEQUENCE")


def test_changing_a_meeting_raises_its_calendar_sequence(client):
    meeting = Meeting.objects.get(slug=DURRES)
    assert sequence(client, DURRES) == 0
    meeting.start_time = dt.time(11)
    meeting.save()
    assert sequence(client, DURRES) == 1
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    meeting.venue_name_el = "Άλλος χώρος"
    meeting.save()
    assert sequence(client, DURRES) == 3
    # Text that calendars do not show is not a new version of the event.
    meeting.outcomes_en = "A longer report."
    meeting.save()
    meeting.save(update_fields=["start_time"])
    assert sequence(client, DURRES) == 3
    meeting.start_time = dt.time(10)
    meeting.save(update_fields=["start_time"])
    assert Meeting.objects.get(slug=DURRES).sequence == 4


def test_status_maps_to_icalendar_status(client):
    expected = {
        "planned": "TENTATIVE",
        "confirmed": "CONFIRMED",
        "held": "CONFIRMED",
        "postponed": "TENTATIVE",
        "cancelled": "CANCELLED",
    }
    for status, ical in expected.items():
        MeetingFactory(slug=f"status-{status}", status=status)
        [event] = events(fetch(client, f"/en/meetings/status-{status}/calendar.ics"))
        assert str(event["STATUS"]) == ical, status


@pytest.mark.parametrize("language", LANGUAGES)
def test_dated_meeting_pages_offer_the_calendar_and_undated_ones_do_not(client, language):
    dated = client.get(f"/{language}/meetings/{DURRES}/").content.decode()
    assert f'href="/{language}/meetings/{DURRES}/calendar.ics"' in dated
    # Known by its year alone (2017): only the calendar of all meetings is offered.
    undated = client.get(f"/{language}/meetings/international-4-teruel/").content.decode()
    assert "international-4-teruel/calendar.ics" not in undated
    assert f'href="/{language}/meetings/calendar.ics"' in undated
    listing = client.get(f"/{language}/meetings/").content.decode()
    assert f'href="webcal://testserver/{language}/meetings/calendar.ics"' in listing
