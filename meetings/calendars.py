"""Meetings as iCalendar (RFC 5545) events, in the language of the page they come from.

Times keep the venue's zone as a TZID with its VTIMEZONE, so a calendar shows
10:00 in Durrës as 10:00 Europe/Tirane wherever the reader is. A meeting whose
day is known but not its hour is an all-day event; one without a date has no
event at all: calendars get no invented dates.
"""

import datetime as dt

from django.conf import settings
from django.utils.translation import get_language
from icalendar import Calendar, Event, vDuration

from core.text import translated

from .models import Meeting

STATUS = {
    Meeting.Status.CANCELLED: "CANCELLED",
    Meeting.Status.CONFIRMED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.PLANNED: "TENTATIVE",
    Meeting.Status.POSTPONED: "TENTATIVE",
}
PRODID = "-//IN.TO.EU//Meetings calendar//EN"
# Subscribed calendars are fetched again after this long (RFC 7986 and Outlook's older name).
REFRESH = dt.timedelta(hours=12)


def uid(meeting):
    """Stable across languages, edits and renamed slugs: the same event everywhere."""
    return f"meeting-{meeting.pk}@into-eu"


def calendar(meetings, absolute_url, name=None):
    """A VCALENDAR with one VEVENT per dated meeting; `absolute_url(path)` makes links whole."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        language = get_language() or settings.LANGUAGE_CODE
        cal.add("name", name, parameters={"LANGUAGE": language})
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    for meeting in meetings:
        if meeting.day_is_known:
            cal.add_component(event(meeting, absolute_url(meeting.get_absolute_url())))
    cal.add_missing_timezones()
    return cal


def event(meeting, url):
    ev = Event()
    ev.add("uid", uid(meeting))
    # Without METHOD, DTSTAMP means the last change (RFC 5545 3.8.7.2): stable output.
    ev.add("dtstamp", meeting.updated_at)
    ev.add("last-modified", meeting.updated_at)
    ev.add("sequence", meeting.sequence)
    start, end = _span(meeting)
    ev.add("dtstart", start)
    if end is not None:
        ev.add("dtend", end)
    _add_text(ev, "summary", translated(meeting, "title"))
    description = translated(meeting, "summary")
    if description.text:
        _add_text(ev, "description", description)
    location = _location(meeting)
    if location:
        ev.add("location", location[0], parameters={"LANGUAGE": location[1]})
    if meeting.latitude is not None and meeting.longitude is not None:
        ev.add("geo", (float(meeting.latitude), float(meeting.longitude)))
    ev.add("url", url, parameters={"VALUE": "URI"})
    ev.add("status", STATUS[meeting.status])
    ev.add("transp", "OPAQUE")
    return ev


def _span(meeting):
    """DTSTART and the exclusive DTEND; both timed or both dates, as RFC 5545 requires."""
    if meeting.start and (meeting.end or not meeting.is_multi_day):
        # A known start hour without a known end is an instant, not a guessed duration.
        return meeting.start, meeting.end
    # All-day: DTEND is the day after the last one.
    last_day = meeting.end_date or meeting.start_date
    return meeting.start_date, last_day + dt.timedelta(days=1)


def _add_text(ev, name, text):
    ev.add(name, text.text, parameters={"LANGUAGE": text.lang})


def _location(meeting):
    venue = translated(meeting, "venue_name")
    address = translated(meeting, "venue_address")
    parts = [part for part in (venue, address) if part.text]
    if not parts:
        return None
    return ", ".join(part.text for part in parts), parts[0].lang
