"""schema.org descriptions (JSON-LD) of meetings, announcements and the project.

Values are in the active language; dates are written exactly as the page's
`<time datetime>` writes them, so search engines and readers see one date.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meetings.models import Meeting

from . import reversing
from .text import translated

SCHEMA = "https://schema.org"
EVENT_STATUS = {
    Meeting.Status.CANCELLED: f"{SCHEMA}/EventCancelled",
    Meeting.Status.POSTPONED: f"{SCHEMA}/EventPostponed",
}
# Inside <script>, these could end the element or open a comment; JSON can spell them escaped.
SCRIPT_ESCAPES = [("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")]


def script(data):
    """A `<script type="application/ld+json">` block that no value can break out of."""
    payload = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder, indent=None)
    # str.replace, not str.translate: translate is slow on non-ASCII text (Greek).
    for character, escaped in SCRIPT_ESCAPES:
        payload = payload.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def local_iso(moment):
    """An instant in the site's zone, to the second: 2016-07-25T00:00:00+02:00."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def share_image_path(language=None):
    return f"img/share/{language or get_language()}.png"


def _text(obj, field):
    return translated(obj, field).text


def _town(partner):
    return {
        "@type": "PostalAddress",
        "addressLocality": _text(partner, "town"),
        "addressCountry": _text(partner, "country"),
    }


def _partner(partner, absolute):
    return {
        "@type": "GovernmentOrganization",
        "name": _text(partner, "name"),
        "url": absolute(partner.get_absolute_url()),
        "address": _town(partner),
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
    """An Event, or None for a meeting without a date (schema.org requires startDate)."""
    if not meeting.start_date:
        return None
    start, end = event_dates(meeting)
    address = _town(meeting.host)
    street = _text(meeting, "venue_address")
    if street:
        address["streetAddress"] = street
    place = {
        "@type": "Place",
        "name": _text(meeting, "venue_name") or _text(meeting.host, "town"),
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
        "name": _text(meeting, "title"),
        "url": absolute(meeting.get_absolute_url()),
        "inLanguage": get_language(),
        "startDate": start,
        "eventStatus": EVENT_STATUS.get(meeting.status, f"{SCHEMA}/EventScheduled"),
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place,
        "organizer": _partner(meeting.host, absolute),
        "image": absolute(reversing.static(share_image_path())),
    }
    if end:
        data["endDate"] = end
    description = _text(meeting, "summary")
    if description:
        data["description"] = description
    return data


def news_article(announcement, absolute):
    url = absolute(announcement.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": _text(announcement, "title")[:110],
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": get_language(),
        "datePublished": local_iso(announcement.published_at),
        "dateModified": local_iso(max(announcement.updated_at, announcement.published_at)),
        "author": _partner(announcement.partner, absolute),
        "publisher": project(absolute, members=()),
        "image": [absolute(reversing.static(share_image_path()))],
    }
    description = _text(announcement, "summary")
    if description:
        data["description"] = description
    meeting = announcement.public_meeting
    if meeting:
        data["about"] = {
            "@type": "Event",
            "name": _text(meeting, "title"),
            "url": absolute(meeting.get_absolute_url()),
        }
    return data


def project(absolute, members):
    """The project itself; with its partner municipalities as members on the home page."""
    data = {
        "@type": "Organization",
        "name": "IN.TO.EU",
        "alternateName": _("Inclusive towns for a shared European strategy of inclusion"),
        "url": absolute(reversing.reverse("home")),
    }
    if members:
        data["member"] = [_partner(partner, absolute) for partner in members]
    return data


def organization(absolute, partners):
    return {
        "@context": SCHEMA,
        **project(absolute, partners),
        "description": _(
            "IN.TO.EU: four European towns working together on the first reception "
            "and inclusion of migrants."
        ),
    }
