from django.shortcuts import get_object_or_404, render

from meetings.models import Announcement, Meeting
from partners.models import Partner

from .models import Page


def home(request):
    meetings = Meeting.objects.published().for_cards()
    next_meeting = meetings.upcoming().first()
    partners = list(Partner.objects.lead_first().for_cards())
    return render(
        request,
        "into_eu/home.html",
        {
            "page": Page.objects.published().filter(key=Page.Key.HOME).first(),
            "partners": partners,
            # The footer lists the same partners: one query serves both.
            "footer_partners": partners,
            "featured_meeting": next_meeting or meetings.past().first(),
            "featured_is_upcoming": next_meeting is not None,
            "announcements": Announcement.objects.published().for_cards()[:3],
        },
    )


def page(request, key):
    return render(
        request, "into_eu/page.html", {"page": get_object_or_404(Page.objects.published(), key=key)}
    )
