from core.sitemaps import PublishedSitemap, last_published_change

from .models import Announcement, Meeting


class MeetingSitemap(PublishedSitemap):
    def items(self):
        return Meeting.objects.published().order_by("pk")


class AnnouncementSitemap(PublishedSitemap):
    def items(self):
        return Announcement.objects.published().order_by("pk")


def lists():
    return {
        "meetings:list": lambda: last_published_change(Meeting.objects),
        "meetings:announcements": lambda: last_published_change(Announcement.objects),
    }
