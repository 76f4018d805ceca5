"""Meetings as schema.org Events and announcements as NewsArticles (JSON-LD)."""

from django.utils.translation import get_language

from core.structured_data import SCHEMA, local_iso, project, script, share_image_url, text
from partners import structured_data as partner_data

from .models import Meeting

EVENT_STATUS = {
    Meeting.Status.CANCELLED: f"{SCHEMA}/EventCancelled",
    Meeting.Status.POSTPONED: f"{SCHEMA}/EventPostponed",
}


def event_dates(meeting):
    """startDate and endDate: with the venue's offset when the hour is known, else days."""
    start = meeting.start.isoformat() if meeting.start else meeting.start_date.isoformat()
    if meeting.end:
        end = meeting.end.isoformat()
    elif meeting.start:
        end = None  # the hour it ends is not known; a date alone would contradict the start
    else:
        end = (meeting.end_date or meeting.start_date).isoformat()
    return start, end


def event(meeting, absolute):
    """An Event, or None for a meeting without a known day (schema.org requires a
    startDate, and a year alone would read as 1 January)."""
    if not meeting.day_is_known:
        return None
    start, end = event_dates(meeting)
    address = partner_data.town(meeting.host)
    street = text(meeting, "venue_address")
    if street:
        address["streetAddress"] = street
    place = {
        "@type": "Place",
        "name": text(meeting, "venue_name") or text(meeting.host, "town"),
        "address": address,
    }
    if meeting.latitude is not None and meeting.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(meeting.latitude),
            "longitude": float(meeting.longitude),
        }
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": text(meeting, "title"),
        "url": absolute(meeting.get_absolute_url()),
        "inLanguage": get_language(),
        "startDate": start,
        "eventStatus": EVENT_STATUS.get(meeting.status, f"{SCHEMA}/EventScheduled"),
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place,
        "organizer": partner_data.organization(meeting.host, absolute),
        "image": share_image_url(absolute),
    }
    if end:
        data["endDate"] = end
    description = text(meeting, "summary")
    if description:
        data["description"] = description
    return data


def news_article(announcement, absolute):
    url = absolute(announcement.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": text(announcement, "title")[:110],
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": get_language(),
        "datePublished": local_iso(announcement.published_at),
        "dateModified": local_iso(max(announcement.updated_at, announcement.published_at)),
        "author": partner_data.organization(announcement.partner, absolute),
        "publisher": project(absolute),
        "image": [share_image_url(absolute)],
    }
    description = text(announcement, "summary")
    if description:
        data["description"] = description
    meeting = announcement.public_meeting
    if meeting:
        data["about"] = {
            "@type": "Event",
            "name": text(meeting, "title"),
            "url": absolute(meeting.get_absolute_url()),
        }
    return data


def event_json_ld(request, meeting):
    data = event(meeting, request.build_absolute_uri)
    return script(data) if data else ""


def article_json_ld(request, announcement):
    return script(news_article(announcement, request.build_absolute_uri))
