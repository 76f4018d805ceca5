from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from .models import Announcement, Meeting


@admin.register(Meeting)
class MeetingAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["title", "kind", "number", "host", "start_date", "start_time", "status"]
    list_filter = ["kind", "status", "host"]
    search_fields = ["title", "theme", "venue_name", "venue_address"]
    list_select_related = ["host"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title_sq"]}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "number", "host", "status", "theme"]}),
        (
            _("When"),
            {"fields": ["timezone", ("start_date", "start_time"), ("end_date", "end_time")]},
        ),
        (_("Where"), {"fields": ["venue_name", "venue_address", ("latitude", "longitude")]}),
        (None, {"fields": ["summary", "body", "agenda", "outcomes", "updated_at"]}),
    ]


@admin.register(Announcement)
class AnnouncementAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["title", "published_at", "meeting", "partner"]
    list_filter = ["partner"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["meeting", "partner"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_sq"]}
    readonly_fields = ["updated_at"]
