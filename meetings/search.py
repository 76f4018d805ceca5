"""Meetings and announcements, as the site search reads them (core/searching.py)."""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.searching import Document, Source, joined, own_text, plain_text, written_languages

from .models import Announcement, Meeting


class MeetingSource(Source):
    model = Meeting
    kind = "meeting"
    label = _("Meeting")
    depends_on = {"partners.Partner": "host"}

    def items(self):
        return Meeting.objects.published_or_scheduled().select_related("host")

    def documents(self, meeting):
        for code in written_languages(meeting, "title"):
            with translation.override(code):
                url = meeting.get_absolute_url()
            yield Document(
                language=code,
                title=own_text(meeting, "title", code),
                text=joined(
                    own_text(meeting, "theme", code),
                    own_text(meeting, "summary", code),
                    own_text(meeting, "venue_name", code),
                    own_text(meeting, "venue_address", code),
                    own_text(meeting.host, "town", code),
                    *(
                        plain_text(own_text(meeting, field, code))
                        for field in ("body", "agenda", "outcomes")
                    ),
                ),
                url=url,
                day=meeting.start_date,
                precision=meeting.date_precision if meeting.start_date else "",
            )


class AnnouncementSource(Source):
    model = Announcement
    kind = "announcement"
    label = _("Announcement")
    depends_on = {"partners.Partner": "partner"}

    def items(self):
        return Announcement.objects.published_or_scheduled().select_related("partner")

    def documents(self, announcement):
        day = timezone.localdate(announcement.published_at)
        for code in written_languages(announcement, "title"):
            with translation.override(code):
                url = announcement.get_absolute_url()
            yield Document(
                language=code,
                title=own_text(announcement, "title", code),
                text=joined(
                    own_text(announcement, "summary", code),
                    own_text(announcement.partner, "town", code),
                    plain_text(own_text(announcement, "body", code)),
                ),
                url=url,
                day=day,
                precision=Meeting.Precision.DAY,
            )


SOURCES = [MeetingSource(), AnnouncementSource()]
