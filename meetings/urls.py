from django.urls import path

from . import feeds, views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/feed/rss/", feeds.MeetingsFeed(), name="feed-rss"),
    path("meetings/feed/atom/", feeds.MeetingsAtomFeed(), name="feed-atom"),
    path("meetings/calendar.ics", views.meetings_calendar, name="calendar"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("meetings/<slug:slug>/calendar.ics", views.meeting_calendar, name="meeting-calendar"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcements"),
    path("announcements/feed/rss/", feeds.AnnouncementsFeed(), name="announcements-rss"),
    path("announcements/feed/atom/", feeds.AnnouncementsAtomFeed(), name="announcements-atom"),
    path(
        "announcements/<slug:slug>/",
        views.AnnouncementDetailView.as_view(),
        name="announcement",
    ),
]
