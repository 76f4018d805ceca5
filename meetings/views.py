from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from core.preview import PreviewMixin
from partners import directory

from . import calendars
from .models import Announcement, Meeting


class MeetingListView(TemplateView):
    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        timeline = Meeting.objects.published().for_cards().timeline()
        return super().get_context_data(
            **{
                part: directory.attach(items, "host", self.request)
                for part, items in timeline._asdict().items()
            },
            **kwargs,
        )


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.published().with_media_flags()

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        return directory.attach([meeting], "host", self.request)[0]

    def get_context_data(self, **kwargs):
        photos, documents = self.object.media()
        return super().get_context_data(
            photos=photos,
            documents=documents,
            announcements=self.object.announcements.published(),
            **kwargs,
        )


class AnnouncementListView(ListView):
    template_name = "meetings/announcement_list.html"
    context_object_name = "announcements"
    paginate_by = 20

    def get_queryset(self):
        return Announcement.objects.published().for_cards()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, items, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = directory.attach(items, "partner", self.request)
        return paginator, page, page.object_list, is_paginated


class AnnouncementDetailView(DetailView):
    template_name = "meetings/announcement_detail.html"
    context_object_name = "announcement"

    def get_queryset(self):
        return Announcement.objects.published().select_related("meeting")

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if item.meeting is not None:
            # The meeting box's map places the venue at the host's town when it has no
            # place of its own.
            directory.attach([item.meeting], "host", self.request)
        return directory.attach([item], "partner", self.request)[0]


class MeetingPreviewView(PreviewMixin, MeetingDetailView):
    model = Meeting


class AnnouncementPreviewView(PreviewMixin, AnnouncementDetailView):
    model = Announcement


def _ics(cal, filename, disposition):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def meeting_calendar(request, slug):
    """One meeting for "Add to calendar"; meetings without a known day have none (404)."""
    meeting = get_object_or_404(Meeting.objects.published().on_known_days(), slug=slug)
    cal = calendars.calendar([meeting], request.build_absolute_uri)
    return _ics(cal, f"{slug}.ics", "attachment")


def meetings_calendar(request):
    """Every meeting with a known day, for subscribing; inline so calendar apps can poll it."""
    meetings = Meeting.objects.published().on_known_days()
    cal = calendars.calendar(meetings, request.build_absolute_uri, name=_("IN.TO.EU meetings"))
    return _ics(cal, f"into-eu-meetings-{get_language()}.ics", "inline")
