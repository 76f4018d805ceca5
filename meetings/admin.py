import zoneinfo

from django import forms
from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import access
from core.admin_base import PUBLICATION, ContentAdmin, ContentInline
from core.display import month_year
from core.preview import PreviewAdminMixin
from partners.models import Partner

from .models import Announcement, Document, Meeting, Photo

# The IANA zones a venue can be in, by their canonical names (no "Etc/GMT+1", "US/…").
ZONES = sorted(
    zone
    for zone in zoneinfo.available_timezones()
    if "/" in zone
    and zone.split("/")[0] not in {"Etc", "SystemV", "US", "Brazil", "Canada", "Chile", "Mexico"}
)


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
                # Its times are the venue's: Django's note comparing the browser's zone
                # with the server's is hidden there (static/admin-extra.css).
                "classes": ["venue-time"],
                "fields": [
                    "timezone",
                    ("start_date", "date_precision"),
                    "start_time",
                    ("end_date", "end_time"),
                ],
            },
        ),
        (_("Where"), {"fields": ["venue_name", "venue_address", ("latitude", "longitude")]}),
        (None, {"fields": ["summary", "body", "agenda", "outcomes", "updated_at"]}),
        PUBLICATION,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            return forms.ChoiceField(
                label=db_field.verbose_name,
                help_text=db_field.help_text,
                required=False,
                choices=[
                    ("", _("The host partner's time zone")),
                    *((zone, zone) for zone in ZONES),
                ],
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def only_partner(self, request):
        """The partner of an editor who may add meetings for one partner only, else None."""
        partners = access.partners_allowed(request.user, access.ADD, Meeting)
        if partners is access.EVERY_PARTNER or len(partners) != 1:
            return None
        return Partner.objects.get(pk=next(iter(partners)))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        host = self.only_partner(request)
        if host:
            initial.setdefault("timezone", host.timezone)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        host = obj.host if obj else self.only_partner(request)
        zone = (obj.timezone if obj else "") or (host.timezone if host else "")
        local = (
            _("Local time at the venue: %(zone)s.") % {"zone": zone}
            if zone
            else _("Local time at the venue, in the time zone above.")
        )
        for name in ("start_time", "end_time"):
            if name in form.base_fields:
                form.base_fields[name].help_text = local
        return form

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
