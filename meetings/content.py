"""How the shipped meetings and announcements (content/) become rows; see load_content."""

import datetime as dt
import zoneinfo

from django.conf import settings

from partners.models import Partner

from .models import Announcement, Meeting


def meeting_fields(data):
    data["host"] = Partner.objects.get(slug=data["host"])
    for name in ("start_date", "end_date"):
        if name in data and isinstance(data[name], str):
            data[name] = dt.date.fromisoformat(data[name])
    for name in ("start_time", "end_time"):
        if name in data and isinstance(data[name], str):
            data[name] = dt.time.fromisoformat(data[name])
    return data


def announcement_fields(data):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    published_on = data.pop("published_on")
    if isinstance(published_on, str):
        published_on = dt.date.fromisoformat(published_on)
    # Only the day is known; midnight in the site's zone keeps that day everywhere it is shown.
    data["published_at"] = dt.datetime.combine(published_on, dt.time(0), zone)
    data["meeting"] = Meeting.objects.get(slug=data["meeting"]) if data.get("meeting") else None
    data["partner"] = Partner.objects.get(slug=data["partner"])
    return data


KINDS = [
    ("meetings", Meeting, "slug", meeting_fields),
    ("announcements", Announcement, "slug", announcement_fields),
]
