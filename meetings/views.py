from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from .models import Announcement, Meeting


class MeetingListView(TemplateView):
    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        meetings = Meeting.objects.published().for_cards()
        return super().get_context_data(
            upcoming=meetings.upcoming(now),
            past=meetings.past(now),
            undated=meetings.undated(),
            **kwargs,
        )


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.published().with_host()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            announcements=Announcement.objects.published().filter(meeting=self.object),
            **kwargs,
        )


class AnnouncementListView(ListView):
    template_name = "meetings/announcement_list.html"
    context_object_name = "announcements"
    paginate_by = 20

    def get_queryset(self):
        return Announcement.objects.published().for_cards()


class AnnouncementDetailView(DetailView):
    template_name = "meetings/announcement_detail.html"
    context_object_name = "announcement"

    def get_queryset(self):
        return Announcement.objects.published().for_listing()
