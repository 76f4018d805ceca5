"""Meetings and announcements, as the site search reads them (core/searching.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.searching import Source

from .models import Announcement, Meeting


class MeetingSource(Source):
    model = Meeting
    kind = "meeting"
    label = _("Meeting")
    fields = ("theme", "summary", "venue_name", "venue_address", "host.town")
    markdown_fields = ("body", "agenda", "outcomes")
    depends_on = {"partners.Partner": "host"}

    def items(self):
        return super().items().select_related("host")

    def date(self, meeting):
        return meeting.start_date, meeting.date_precision if meeting.start_date else ""


class AnnouncementSource(Source):
    model = Announcement
    kind = "announcement"
    label = _("Announcement")
    fields = ("summary", "partner.town")
    markdown_fields = ("body",)
    depends_on = {"partners.Partner": "partner"}

    def items(self):
        return super().items().select_related("partner")

    def date(self, announcement):
        return timezone.localdate(announcement.published_at), Meeting.Precision.DAY


SOURCES = [MeetingSource(), AnnouncementSource()]
