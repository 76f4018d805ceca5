"""How the shipped meetings and announcements (content/) become rows; see load_content."""

import datetime as dt
import tomllib
import zoneinfo

from django.conf import settings

from partners.models import Partner

from .models import Announcement, Meeting

# The project ran from February 2016 to January 2018 (content/, FACTS): the publication of
# a meeting of which nothing else is known is dated at its start.
PROJECT_START = dt.date(2016, 2, 1)


def day(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def at_midnight(published_on):
    # Only the day is known; midnight in the site's zone keeps that day everywhere it is shown.
    return dt.datetime.combine(published_on, dt.time(0), zoneinfo.ZoneInfo(settings.TIME_ZONE))


def announced_on(slug):
    """The day the shipped announcement of this meeting was published, or None. Read from
    the files: meetings are loaded before the announcements that name them."""
    for path in sorted((settings.BASE_DIR / "content" / "announcements").glob("*.toml")):
        with path.open("rb") as handle:
            announcement = tomllib.load(handle)
        if announcement.get("meeting") == slug:
            return day(announcement["published_on"])
    return None


def meeting_fields(data):
    data["host"] = Partner.objects.get(slug=data["host"])
    for name in ("start_date", "end_date"):
        if name in data:
            data[name] = day(data[name])
    for name in ("start_time", "end_time"):
        if name in data and isinstance(data[name], str):
            data[name] = dt.time.fromisoformat(data[name])
    # Never the day the files were loaded: the day its file gives, else that of its
    # announcement, else its start (the first day of the month or year known), else the
    # project's start. Feeds date and order meetings by it.
    published_on = (
        day(data.pop("published_on", None))
        or announced_on(data["slug"])
        or data.get("start_date")
        or PROJECT_START
    )
    data["published_at"] = at_midnight(published_on)
    return data


def announcement_fields(data):
    data["published_at"] = at_midnight(day(data.pop("published_on")))
    data["meeting"] = Meeting.objects.get(slug=data["meeting"]) if data.get("meeting") else None
    data["partner"] = Partner.objects.get(slug=data["partner"])
    return data


KINDS = [
    ("meetings", Meeting, "slug", meeting_fields),
    ("announcements", Announcement, "slug", announcement_fields),
]
