from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.admin_base import PUBLICATION, ContentAdmin, ContentInline
from core.display import month_year
from core.preview import PreviewAdminMixin

from .models import Announcement, Document, Meeting, Photo


class PhotoInline(ContentInline):
    model = Photo
    fields = ["image", "alt_text", "caption", "credit", "licence", "order"]


class DocumentInline(ContentInline):
    model = Document
    fields = ["kind", "title", "language", "file", "order"]


@admin.register(Meeting)
class MeetingAdmin(PreviewAdminMixin, ContentAdmin):
    list_display = [
        "title",
        "kind",
        "number",
        "host",
        "known_date",
        "status",
        "publication",
        "translation_progress",
    ]
    list_filter = ["publication", "kind", "status", "host"]
    search_fields = ["title", "theme", "venue_name", "venue_address"]
    list_select_related = ["host"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title_sq"]}
    readonly_fields = ["updated_at", "preview_links"]
    inlines = [PhotoInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "number", "host", "status", "theme"]}),
        (
            _("When"),
            {
                "fields": [
                    "timezone",
                    ("start_date", "date_precision"),
                    "start_time",
                    ("end_date", "end_time"),
                ]
            },
        ),
        (_("Where"), {"fields": ["venue_name", "venue_address", ("latitude", "longitude")]}),
        (None, {"fields": ["summary", "body", "agenda", "outcomes", "updated_at"]}),
        PUBLICATION,
    ]

    @admin.display(description=_("start date"), ordering="starts_at")
    def known_date(self, meeting):
        """As much of the date as is known: 2017, not 1 January 2017."""
        if meeting.start_date is None:
            return self.get_empty_value_display()
        if meeting.date_precision == Meeting.Precision.YEAR:
            return str(meeting.start_date.year)
        if meeting.date_precision == Meeting.Precision.MONTH:
            return month_year(meeting.start_date)
        return date_format(meeting.start_date)


@admin.register(Announcement)
class AnnouncementAdmin(PreviewAdminMixin, ContentAdmin):
    list_display = [
        "title",
        "published_at",
        "publication",
        "meeting",
        "partner",
        "translation_progress",
    ]
    list_filter = ["publication", "partner"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["meeting", "partner"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_sq"]}
    readonly_fields = ["updated_at", "preview_links"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "partner", "meeting", "summary", "body"]}),
        (_("Press contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        PUBLICATION,
        (None, {"fields": ["updated_at"]}),
    ]
