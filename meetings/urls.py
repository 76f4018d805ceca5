from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcements"),
    path(
        "announcements/<slug:slug>/",
        views.AnnouncementDetailView.as_view(),
        name="announcement",
    ),
]
